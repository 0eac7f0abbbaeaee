import { PasswordlessService, PasswordlessType, TemplateType } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js';
import { invalidArgument } from '../../../modules/errors/domain-error.js';
import { resendPasswordless, sendPasswordless, verifyPasswordless, type PasswordlessDeps, type PasswordlessTemplate, type SentPasswordless } from '../../../modules/passwordless/index.js';
import { bind, type CallContext } from '../rpc-types.js';

/** The wire's enum to the stored name; UNSPECIFIED means "not sent" (SIGNIN). */
function templateOf(t: TemplateType | undefined): PasswordlessTemplate | undefined {
  if (t === undefined || t === TemplateType.UNSPECIFIED) return undefined;
  if (t === TemplateType.SIGNIN || t === TemplateType.SIGNUP) return TemplateType[t] as PasswordlessTemplate;
  throw invalidArgument('template', 'must be SIGNIN or SIGNUP');
}

const sentToProto = (s: SentPasswordless) => ({
  authRequestId: s.authRequestId,
  expiresAt: BigInt(Math.floor(s.expiresAt.getTime() / 1000)),
  expiresIn: s.expiresIn,
  passwordlessType: PasswordlessType[s.passwordlessType],
});

// An RPC comes from the app's backend, whose address is the same for all of its users: the per-source
// limit counts the API client (the hosted page counts the end user's IP address).
const originOf = (ctx: CallContext) => ({ clientId: ctx.principal.clientId });

/** PasswordlessService: email sign-in codes and magic links for apps that draw their own login UI. */
export function passwordlessService(deps: PasswordlessDeps) {
  return bind(PasswordlessService, {
    async sendPasswordlessEmail(req, ctx) {
      const sent = await sendPasswordless(deps, ctx.principal.environmentId, {
        email: req.email,
        template: templateOf(req.template),
        state: req.state,
        magiclinkAuthUri: req.magiclinkAuthUri,
        expiresIn: req.expiresIn,
        templateVariables: req.templateVariables,
      }, originOf(ctx));
      return sentToProto(sent);
    },
    async verifyPasswordlessEmail(req, ctx) {
      const c = req.authCredential;
      const credential = c.case === 'code' ? { code: c.value } : c.case === 'linkToken' ? { linkToken: c.value } : undefined;
      if (!credential) throw invalidArgument('code', 'or link_token is required');
      const v = await verifyPasswordless(deps, ctx.principal.environmentId, { ...credential, authRequestId: req.authRequestId });
      return { email: v.email, state: v.state, template: TemplateType[v.template], passwordlessType: PasswordlessType[v.passwordlessType] };
    },
    async resendPasswordlessEmail(req, ctx) {
      return sentToProto(await resendPasswordless(deps, ctx.principal.environmentId, req.authRequestId, originOf(ctx)));
    },
  });
}
