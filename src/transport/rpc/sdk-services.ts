import type { DescService } from '@bufbuild/protobuf';
import * as pb0 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auditlogs/auditlogs_pb.js';
import * as pb1 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/auth_pb.js';
import * as pb2 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js';
import * as pb3 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/webauthn_pb.js';
import * as pb4 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/clients/clients_pb.js';
import * as pb5 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js';
import * as pb6 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import * as pb7 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import * as pb8 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js';
import * as pb9 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import * as pb10 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/errdetails/errdetails_pb.js';
import * as pb11 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/events/events_pb.js';
import * as pb12 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/options/options_pb.js';
import * as pb13 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import * as pb14 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import * as pb15 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/sessions/sessions_pb.js';
import * as pb16 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tokens/tokens_pb.js';
import * as pb17 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import * as pb18 from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';

const modules: Record<string, unknown>[] = [pb0, pb1, pb2, pb3, pb4, pb5, pb6, pb7, pb8, pb9, pb10, pb11, pb12, pb13, pb14, pb15, pb16, pb17, pb18];

/**
 * Every Scalekit service the pinned SDK ships. Registered whole, so a method we have not
 * implemented yet answers Unimplemented with its name instead of 404.
 */
export const SDK_SERVICES: readonly DescService[] = modules
  .flatMap((m) => Object.values(m))
  .filter((v): v is DescService => typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'service')
  // errdetails ships a `Dummy` service that exists only to pull ErrorInfo into the descriptor set.
  .filter((s) => s.typeName !== 'scalekit.v1.errdetails.Dummy');
