// The entry point of the stand-alone server bundle (the one the VS Code extension starts): serves
// LSP on standard input and output, with the runtime bundle beside it for running tests.
import { isMainThread } from "node:worker_threads";
import { startServer } from "./server.js";

// The same bundle also runs as the server's worker thread (see deep-analysis.ts), which serves no LSP.
if (isMainThread) startServer();
