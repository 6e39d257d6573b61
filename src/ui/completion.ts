/**
 * Shell completion scripts, generated from a description of the command line (built from the
 * commander program), so they cannot drift from the real commands and options.
 */
export interface CompletionSpec {
  commands: Array<{ name: string; aliases: string[]; description: string; options: string[] }>;
  globalOptions: string[];
  /** Options that take a value, and the values to offer (empty: a file name). */
  values: Record<string, string[]>;
  /** Commands whose --ios and --android values are the policy file's exceptions (asked of mamx as you type). */
  ownValues: string[];
}

/** The hidden command the scripts ask for the policy file's exceptions of a platform, one per line. */
export const VALUES_COMMAND = '__exceptions';

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
  const ownCommands = spec.ownValues.join('|');
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
    --ios|--android)
      case "$cmd" in
        ${ownCommands}) COMPREPLY=($(compgen -W "$(mamx ${VALUES_COMMAND} "\${prev#--}" 2>/dev/null)" -- "$cur")); return ;;
      esac ;;
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
  // Installed in $fpath, compinit autoloads this file as the function _mamx on the first TAB: it
  // must complete then, not only set things up (or the first TAB does nothing). Sourced, it registers.
  return `#compdef mamx
# mamx completion for zsh (through zsh's bash completion support). Install:
#   mamx completion zsh > "\${fpath[1]}/_mamx"       (then start a new shell)
# or add to ~/.zshrc, after compinit:  source <(mamx completion zsh)
(( $+functions[compdef] )) || { autoload -U +X compinit && compinit }
(( $+functions[_bash_complete] )) || { autoload -U +X bashcompinit && bashcompinit }
${bashFunction(spec).replace('_mamx() {', '_mamx_bash() {')}
if [[ \${zsh_eval_context[-1]} == (loadautofunc|shfunc) ]]; then
  _bash_complete -F _mamx_bash "$@"
else
  complete -F _mamx_bash mamx
fi
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
      const own = (opt === '--ios' || opt === '--android') && spec.ownValues.includes(c.name);
      const arg = own
        ? ` -x -a ${q(`(mamx ${VALUES_COMMAND} ${opt.slice(2)} 2>/dev/null)`)}`
        : vals === undefined
          ? ''
          : vals.length
            ? ` -x -a ${q(words(vals))}`
            : ' -r -F';
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
