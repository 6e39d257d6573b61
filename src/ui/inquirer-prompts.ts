// The four prompts mamx uses: imported through this module so that the bundle holds those four and
// not the rest of @inquirer/prompts (its editor prompt alone brings 650 KB of character-set tables).
export { confirm, input, search, select } from '@inquirer/prompts';
