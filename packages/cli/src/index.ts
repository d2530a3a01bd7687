export { main } from './main.js';
export { buildTree, treeLines } from './commands/corp-tree.js';
export { reportLines, changeLines } from './output.js';
export { createServer, type ServeOptions, type Served } from './serve/server.js';
export { demoCommand, type DemoContext, type DemoOptions } from './commands/demo.js';
