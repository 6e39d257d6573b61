// The four prompts mamx uses, bundled on their own (dist/inquirer-prompts.cjs) and loaded only when
// the wizard asks something: Inquirer.js would triple the size of every start otherwise.
export { confirm, input, search, select } from '@inquirer/prompts';
