import { humanOutput } from '../helpers.js';

describe('completion', () => {
  const script = async (shell: string) => {
    const { plain, colour } = await humanOutput(['completion', shell]);
    expect(plain.code).toBe(0);
    expect(colour.stdout).toBe(plain.stdout);
    return plain.stdout.split('\n').slice(0, 4).join('\n');
  };
  it('bash', async () =>
    expect(await script('bash')).toMatchInlineSnapshot(`
     "# mamx completion for bash. Install:
     #   mamx completion bash > ~/.local/share/bash-completion/completions/mamx
     # or add to ~/.bashrc:  source <(mamx completion bash)
     _mamx() {"
    `));
  it('zsh', async () =>
    expect(await script('zsh')).toMatchInlineSnapshot(`
     "#compdef mamx
     # mamx completion for zsh (through zsh's bash completion support). Install:
     #   mamx completion zsh > "\${fpath[1]}/_mamx"       (then start a new shell)
     # or add to ~/.zshrc, after compinit:  source <(mamx completion zsh)"
    `));
  it('fish', async () =>
    expect(await script('fish')).toMatchInlineSnapshot(`
     "# mamx completion for fish. Install:
     #   mamx completion fish > ~/.config/fish/completions/mamx.fish
     complete -c mamx -f
     complete -c mamx -n __fish_use_subcommand -a init -d 'create a policy file (YAML with explanatory comments, or JSON)'"
    `));
});
