import type { DestinationRefusedError } from '../egress/ssrf-guard.js';
import { FlowError } from './flow-error.js';

/**
 * The SSRF guard refused one of the provider's endpoints (loopback, private, link-local, metadata…
 * not in the environment's `proxy_allowed_hosts`). Names the refused address, never the request.
 */
export const DESTINATION_REFUSED = (providerName: string, endpoint: string, refused: DestinationRefusedError): FlowError =>
  new FlowError(
    'server_error',
    `Latchkey may not contact ${providerName}`,
    `${providerName}'s ${endpoint} is at ${refused.destination}, which is ${refused.kind}; Latchkey does not connect to such addresses, so nothing was connected. Tell the app's administrator: the provider's settings need a public address, or this environment must allow that host.`,
    502,
  );
