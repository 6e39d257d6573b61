/**
 * Shell completion scripts, generated from a description of the command line (built from the
 * commander program), so they cannot drift from the real commands and options.
 */
export interface CompletionSpec {
  commands: Array<{ name: string; aliases: string[]; description: string; options: string[] }>;
  globalOptions: string[];
  /** Options that take a value, and the values to offer (empty: a file name). */
  values: Record<string, string[]>;
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(shell: Shell, spec: CompletionSpec): string {
  return shell === 'fish' ? fish(spec) : shell === 'zsh' ? zsh(spec) : bash(spec);
}

const words = (xs: readonly string[]) => xs.join(' ');

function bashFunction(spec: CompletionSpec): string {
  const names = spec.commands.flatMap((c) => [c.name, ...c.aliases]);
  const valueCases = Object.entries(spec.values)
    .map(([opt, vals]) => `    ${opt}) COMPREPLY=($(compgen ${vals.length ? `-W "${words(vals)}"` : '-f'} -- "$cur")); return ;;`)
    .join('\n');
  const commandCases = spec.commands.map((c) => `    ${[c.name, ...c.aliases].join('|')}) opts="${words(c.options)}" ;;`).join('\n');
  const takesValue = Object.keys(spec.values).join('|');
  return `_mamx() {
  local cur prev cmd opts i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${takesValue}) i=$((i + 1)) ;;
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$prev" in
${valueCases}
  esac
  case "$cmd" in
    "") COMPREPLY=($(compgen -W "${words(names)} ${words(spec.globalOptions)}" -- "$cur")); return ;;
${commandCases}
    *) opts="" ;;
  esac
  COMPREPLY=($(compgen -W "$opts ${words(spec.globalOptions)}" -- "$cur"))
}`;
}

function bash(spec: CompletionSpec): string {
  return `# mamx completion for bash. Install:
#   mamx completion bash > ~/.local/share/bash-completion/completions/mamx
# or add to ~/.bashrc:  source <(mamx completion bash)
${bashFunction(spec)}
complete -F _mamx mamx
`;
}

function zsh(spec: CompletionSpec): string {
  return `#compdef mamx
# mamx completion for zsh (through zsh's bash completion support). Install:
#   mamx completion zsh > "\${fpath[1]}/_mamx"
# or add to ~/.zshrc:  source <(mamx completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashFunction(spec)}
complete -F _mamx mamx
`;
}

function fish(spec: CompletionSpec): string {
  const q = (s: string) => `'${s.replace(/'/g, "\\'")}'`;
  const lines = [
    '# mamx completion for fish. Install:',
    '#   mamx completion fish > ~/.config/fish/completions/mamx.fish',
    'complete -c mamx -f',
  ];
  for (const c of spec.commands) {
    for (const name of [c.name, ...c.aliases]) lines.push(`complete -c mamx -n __fish_use_subcommand -a ${name} -d ${q(c.description)}`);
    const seen = [c.name, ...c.aliases].join(' ');
    for (const opt of c.options) {
      const vals = spec.values[opt];
      const arg = vals === undefined ? '' : vals.length ? ` -x -a ${q(words(vals))}` : ' -r -F';
      lines.push(`complete -c mamx -n ${q(`__fish_seen_subcommand_from ${seen}`)} -l ${opt.replace(/^--/, '')}${arg}`);
    }
  }
  for (const opt of spec.globalOptions.filter((o) => o.startsWith('--'))) {
    const vals = spec.values[opt];
    lines.push(
      `complete -c mamx -l ${opt.replace(/^--/, '')}${vals === undefined ? '' : vals.length ? ` -x -a ${q(words(vals))}` : ' -r -F'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
