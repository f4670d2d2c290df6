// @baton/language-server: the Baton language server. `startServer()` speaks LSP on standard input
// and output; `baton lsp --stdio` and the VS Code extension start it.
export { startServer, serverVersion, type ServerOptions } from "./server.js";
