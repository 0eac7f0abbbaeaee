// The seed snippets import the SDK's generated module without the `.js` extension, as a CommonJS
// or bundler project would; vitest resolves it, and this lets NodeNext type-check the line unchanged.
declare module '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb' {
  export * from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
}
