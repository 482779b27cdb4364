// Written by the web build (vite.config.ts): the default protocol, checked and prepared for the browser.
declare module "virtual:remodel/prepared-protocol" {
  const prepared: import("../../../domain/protocol/prepared-protocol.ts").PreparedProtocol;
  export default prepared;
}
