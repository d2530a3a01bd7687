export { main } from './main.js';
export { buildTree, treeLines } from './commands/corp-tree.js';
export { reportLines, changeLines } from './output.js';
