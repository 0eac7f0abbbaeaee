import type { OrganizationRow } from '../../storage/schema.js';

export interface OrganizationFeature {
  name: string;
  enabled: boolean;
}

export interface Organization {
  id: string;
  environmentId: string;
  displayName: string;
  externalId: string | undefined;
  regionCode: number;
  metadata: Record<string, string>;
  features: OrganizationFeature[];
  slug: string | undefined;
  logoUrl: string | undefined;
  createdAt: Date;
  updatedAt: Date;
}

export function organizationFromRow(row: OrganizationRow): Organization {
  const settings = JSON.parse(row.settings) as { features?: OrganizationFeature[] };
  return {
    id: row.id,
    environmentId: row.environment_id,
    displayName: row.display_name,
    externalId: row.external_id ?? undefined,
    regionCode: row.region_code,
    metadata: JSON.parse(row.metadata),
    features: settings.features ?? [],
    slug: row.slug ?? undefined,
    logoUrl: row.logo_url ?? undefined,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
