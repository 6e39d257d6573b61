/**
 * Builds the commander program and runs it. The one place that turns results and errors into an
 * exit code; commands return theirs and never exit the process. Each command's module is imported
 * when that command runs (the bundle makes these lazy initialisers), so `mamx check` starts none of
 * the others — nor the Graph client and sign-in code of the tenant commands.
 */
import { Argument, Command, CommanderError, Option } from 'commander';
import type { AcceptOptions } from './commands/accept.js';
import type { AddOptions } from './commands/add.js';
import type { AuditOptions } from './commands/audit.js';
import type { CheckOptions } from './commands/check.js';
import type { DiffOptions } from './commands/diff.js';
import type { ExportOptions } from './commands/export.js';
import type { ImportOptions } from './commands/import.js';
import type { InitOptions } from './commands/init.js';
import type { ListOptions } from './commands/list.js';
import type { PullOptions } from './commands/pull.js';
import type { PushOptions } from './commands/push.js';
import type { RemoveOptions } from './commands/remove.js';
import type { RenewOptions } from './commands/renew.js';
import { isInteractive } from './commands/shared.js';
import { completionScript, SHELLS, VALUES_COMMAND, type CompletionSpec, type Shell } from './ui/completion.js';
import { SHIPPED_APPS } from './core/catalog.js';
import { AUDIT_FORMATS, SEVERITIES } from './core/types.js';
import type { Context, GlobalOptions } from './context.js';
import { EXIT, isMamxError, MamxError, type ExitCode } from './errors.js';
import { commanderOutput, Output } from './ui/output.js';
import { VERSION } from './version.js';

const EXIT_CODES_HELP = `
Exit codes:
  0    success; every checked target allowed
  1    a checked target was denied; audit found findings at or above --fail-on; diff found a difference
  2    usage error or invalid input (nothing was written)
  3    policy or config file problem (missing, malformed, unreadable, locked)
  4    check: none denied, at least one limited (conditional Intune default)
  5    add or push refused a high-risk value (use --force)
  6    Microsoft Graph: sign-in, permission, not found, network or throttling (with the request-id)
  7    push: the tenant policy changed since the last pull, or does not hold what was sent
  70   internal error (a bug in mamx)
  130  cancelled`;

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

type Action<O> = (opts: O, globals: GlobalOptions, ctx: Context, out: Output) => Promise<ExitCode>;

export async function run(argv: readonly string[], ctx: Context): Promise<ExitCode> {
  let output: Output | undefined;
  let exitCode: ExitCode = EXIT.OK;
  const makeOutput = (g: GlobalOptions) =>
    Output.create(ctx.stdout, ctx.stderr, {
      json: Boolean(g.json),
      quiet: Boolean(g.quiet),
      debug: Boolean(g.debug),
      color: useColor(g, ctx),
    });
  const action =
    <O>(fn: Action<O>) =>
    async (opts: O, cmd: Command) => {
      const globals = await fileOptions(cmd.optsWithGlobals<GlobalOptions & { file?: string[] | string }>(), cmd.name(), ctx);
      // One --format vocabulary: where it names what is printed, json is --json (init's --format is the file's).
      if (cmd.name() !== 'init' && (opts as { format?: string } | undefined)?.format === 'json') globals.json = true;
      output = await makeOutput(globals);
      exitCode = await fn(opts, globals, ctx, output);
    };
  /** For commands with one positional argument: commander passes it first. */
  const actionWithArgument =
    <A>(fn: (arg: A, globals: GlobalOptions, ctx: Context, out: Output) => Promise<ExitCode>) =>
    (arg: A, _opts: unknown, cmd: Command) =>
      action<unknown>((_o, globals, c, out) => fn(arg, globals, c, out))(undefined, cmd);

  const program = new Command('mamx')
    .description('Keep Intune app protection (MAM) data-transfer exceptions in a reviewed policy file, and check them offline.')
    .version(VERSION, '-V, --version')
    .option(
      '-f, --file <path>',
      'policy file (default: MAMX_POLICY, config "policy", ./mam-policy.yaml); several, or a pattern, for check, list, audit',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--shared', 'use the shared policy file (config "shared" or MAMX_SHARED_POLICY)')
    .option('--json', 'machine-readable output: one JSON document on stdout, errors as JSON on stderr')
    .option('-q, --quiet', 'print nothing but errors; use the exit code')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('--debug', 'show stack traces for internal errors')
    .showSuggestionAfterError(true)
    // A command's own --help also lists -f, --json, -q...: its examples use them.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput(commanderOutput(ctx.stdout, ctx.stderr))
    .addHelpText(
      'after',
      examples(
        'mamx check --ios wbx',
        'mamx check --link "https://maps.apple.com/?q=Contoso" --json',
        'mamx add --ios wbx --name "Cisco Webex Meetings" --reason "Meeting links from Outlook"',
        'mamx apps zoom',
        'mamx audit --fail-on high',
      ) + EXIT_CODES_HELP,
    );

  program
    .command('init')
    .description('create a policy file (YAML with explanatory comments, or JSON)')
    .addOption(new Option('--format <format>', 'file format').choices(['yaml', 'json']))
    .addHelpText('after', examples('mamx init', 'mamx init --format json', 'mamx init --file /mnt/share/mobility/mam-policy.yaml'))
    .action(action<InitOptions>(async (o, g, c, out) => (await import('./commands/init.js')).runInit(o, g, c, out)));

  program
    .command('add')
    .description('add exceptions; on one that is there, update the metadata given (--expires, --owner, ...)')
    .option('--ios <scheme...>', 'iOS URL schemes, e.g. wbx')
    .option('--android <package...>', 'Android application IDs, e.g. com.cisco.webex.meetings')
    .option('--link <url...>', 'iOS universal links that open in their (unmanaged) app; wildcards allowed')
    .option('--managed', '--link goes to the managed universal links (open in the managed app)')
    .option('--app <id>', 'a known app from `mamx apps`: its identifiers on both platforms')
    .option('--name <name>', 'app display name')
    .option('--reason <text>', 'why the exception is needed')
    .option('--ticket <id>', 'change or request ticket')
    .option('--owner <who>', 'who answers for it')
    .option('--expires <YYYY-MM-DD>', 'review or remove after this date')
    .option('--force', 'add a high-risk value anyway (the warning is still printed)')
    .option('--dry-run', 'show what would change, write nothing')
    .addHelpText(
      'after',
      examples(
        'mamx add --ios wbx --android com.cisco.webex.meetings --name "Cisco Webex Meetings" --ticket CHG-1234',
        'mamx add --app zoom --reason "Customer meetings" --ticket CHG-1300',
        'mamx add --android "https://play.google.com/store/apps/details?id=com.cisco.webex.meetings" --dry-run',
        'mamx add --ios wbx --expires 2027-12-31 --owner mobility@contoso.example   # wbx is there: updates both',
      ) +
        '\nEach value is checked for risk first: a high-risk one (http, mailto, a browser, a messaging app...) is\nrefused with exit 5 and nothing is written, unless --force.',
    )
    .action(action<AddOptions>(orWizard('add', async (o, g, c, out) => (await import('./commands/add.js')).runAdd(o, g, c, out))));

  program
    .command('remove')
    .alias('rm')
    .description('remove exceptions')
    .option('--ios <scheme...>', 'iOS URL schemes')
    .option('--android <package...>', 'Android application IDs')
    .option('--link <url...>', 'iOS universal links (the exempted list; --managed for the managed one)')
    .option('--managed', '--link is removed from the managed universal links')
    .option('--dry-run', 'show what would change, write nothing')
    .addHelpText(
      'after',
      examples(
        'mamx remove --ios wbx',
        'mamx rm --android com.cisco.webex.meetings --dry-run',
        'mamx remove --link http://facetime.apple.com https://facetime.apple.com',
      ),
    )
    .action(
      action<RemoveOptions>(orWizard('remove', async (o, g, c, out) => (await import('./commands/remove.js')).runRemove(o, g, c, out))),
    );

  program
    .command('renew')
    .description('a new expiry date for the exceptions a review covers: by value, owner, ticket or expiry')
    .requiredOption('--expires <YYYY-MM-DD>', 'the new expiry date')
    .option('--ios <scheme...>', 'these iOS exceptions')
    .option('--android <package...>', 'these Android exceptions')
    .option('--owner <who>', 'exceptions with this owner')
    .option('--ticket <id>', 'exceptions with this ticket')
    .option('--expiring-before <YYYY-MM-DD>', 'exceptions without an expiry date or expiring before this day')
    .addOption(new Option('--platform <platform>', 'only one platform').choices(['ios', 'android']))
    .option('--all', 'every exception of the file')
    .option('--set-ticket <id>', "also record this ticket (the review's)")
    .option('--set-owner <who>', 'also record this owner')
    .option('--dry-run', 'show what would change, write nothing')
    .addHelpText(
      'after',
      examples(
        'mamx renew --owner mobility@contoso.example --expires 2027-06-30 --set-ticket REV-2026Q4',
        'mamx renew --expiring-before 2027-01-01 --expires 2027-06-30 --dry-run',
        'mamx renew --ios wbx zoomus --expires 2027-12-31',
      ) + '\nThe criteria combine (all must hold). Exceptions inherited through extends are renewed in their own file.\n',
    )
    .action(action<RenewOptions>(async (o, g, c, out) => (await import('./commands/renew.js')).runRenew(o, g, c, out)));

  program
    .command('accept')
    .description('record a reviewed risk as accepted (who, ticket, until when): audit --fail-on lets it pass until then')
    .option('--ios <scheme...>', 'iOS exceptions of the file')
    .option('--android <package...>', 'Android exceptions of the file')
    .option('--by <who>', 'who accepts the risk')
    .option('--ticket <id>', 'the risk-acceptance or review ticket')
    .option('--until <YYYY-MM-DD>', 'the acceptance ends after this day (required)')
    .option('--reason <text>', 'why the risk is accepted')
    .option('--revoke', 'remove the acceptance')
    .option('--dry-run', 'show what would change, write nothing')
    .addHelpText(
      'after',
      examples(
        'mamx accept --ios mailto --by ciso@contoso.example --ticket RISK-42 --until 2027-06-30',
        'mamx accept --android com.whatsapp --by ciso@contoso.example --ticket RISK-43 --until 2027-03-31 --reason "Field staff; MTD enforced"',
        'mamx accept --ios mailto --revoke',
      ) + '\nThe findings stay in audit, marked accepted; after the date they count again (and audit says the acceptance ended).\n',
    )
    .action(action<AcceptOptions>(async (o, g, c, out) => (await import('./commands/accept.js')).runAccept(o, g, c, out)));

  program
    .command('list')
    .alias('ls')
    .description('list the exceptions with their source and metadata')
    .addOption(new Option('--platform <platform>', 'only one platform').choices(['ios', 'android']))
    .option('--defaults', "include Intune's built-in exemptions")
    .option('--links', 'include every iOS universal link, with where it comes from')
    .addOption(
      new Option('--format <format>', 'text (the default), json (as --json), csv or md: one row per exception').choices([
        'text',
        'json',
        'csv',
        'md',
      ]),
    )
    .addHelpText(
      'after',
      examples(
        'mamx list',
        'mamx ls --platform ios --defaults',
        'mamx list --format csv > review-2026Q4.csv    # the quarterly review',
        "mamx list --json | jq -r '.exceptions[].value'",
      ),
    )
    .action(action<ListOptions>(async (o, g, c, out) => (await import('./commands/list.js')).runList(o, g, c, out)));

  program
    .command('check')
    .alias('test')
    .description('may a managed app send org data to these apps? Verdicts with reasons')
    .option('--ios <scheme...>', 'iOS URL schemes')
    .option('--android <package...>', 'Android application IDs')
    .option('--link <url...>', 'iOS universal links: do they open in an unmanaged app, the managed app, or as web links?')
    .option('--stdin', 'read "ios VALUE", "android VALUE" or "link URL" lines from standard input (NDJSON out with --json)')
    .addHelpText(
      'after',
      examples(
        'mamx check --ios wbx',
        'mamx check --android com.cisco.webex.meetings com.whatsapp --json',
        'printf "ios wbx\\nandroid com.whatsapp\\n" | mamx check --stdin --json',
      ) + '\nExit: 0 all allowed, 1 any denied, 4 none denied but some limited, 2 invalid input, 3 policy file problem.',
    )
    .action(
      action<CheckOptions>(
        orWizard('check', async (o, g, c, out) =>
          (await import('./commands/check.js')).runCheck({ ...o, sequence: targetSequence(argv) }, g, c, out),
        ),
      ),
    );

  program
    .command('wizard')
    .description('add, remove or check an exception by answering questions (needs a terminal)')
    .addHelpText(
      'after',
      examples('mamx wizard', 'mamx add          # with no value, in a terminal, asks too') +
        '\nCtrl-C or Esc cancels (exit 130) and writes nothing. Without a terminal, with CI=true or --json it\nnever asks: exit 2, naming the flags to use.',
    )
    .action(action(async (_opts: object, globals, c, out) => (await import('./commands/wizard.js')).runWizard(undefined, globals, c, out)));

  program
    .command('audit')
    .description('risk review of the whole effective policy')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding not accepted is at or above this severity (config "failOn")').choices(
        SEVERITIES,
      ),
    )
    .addOption(
      new Option('--format <format>', 'text (the default), json (as --json), sarif, junit, github (annotations), md or csv').choices(
        AUDIT_FORMATS,
      ),
    )
    .addHelpText(
      'after',
      examples(
        'mamx audit',
        'mamx audit --fail-on high          # in CI: fail on high-risk or expired exceptions',
        'mamx audit --format sarif > mamx.sarif     # GitHub code scanning, Azure DevOps',
        'mamx audit --fail-on high --format github  # annotations on the policy file in a pull request',
      ),
    )
    .action(action<AuditOptions>(async (o, g, c, out) => (await import('./commands/audit.js')).runAudit(o, g, c, out)));

  program
    .command('apps [query]')
    .description("search the known apps by name, scheme or package: both platforms' identifiers, category, Intune APP support")
    .addHelpText('after', examples('mamx apps zoom', 'mamx apps com.whatsapp', 'mamx apps browser --json'))
    .action(
      actionWithArgument(async (query: string | undefined, g, c, out) => (await import('./commands/apps.js')).runApps(query, g, c, out)),
    );

  program
    .command('import')
    .description('read policies exported from Intune into the policy file: rows verbatim, settings, universal links, the binding')
    .argument('<export...>', 'Graph JSON, IntuneManagement or IntuneCD exports, framework baselines (JSON or YAML, UTF-8 or UTF-16)')
    .option('--policy <name|id>', 'the policy to import when an export holds several of a platform')
    .addOption(new Option('--platform <platform>', 'only one platform').choices(['ios', 'android']))
    .option('--dry-run', 'show what would change, write nothing')
    .addHelpText(
      'after',
      examples(
        'mamx import ios-policy.json android-policy.json',
        'mamx import managedAppPolicies.json --policy "BYOD - iOS"',
        'mamx import backup/AppProtection/*.yaml --dry-run',
      ) + '\nRows already in the tenant are recorded with their warnings, never refused; what is not imported is said.',
    )
    .action(async (files: string[], opts: ImportOptions, cmd: Command) =>
      action<ImportOptions>(async (o, g, c, out) => (await import('./commands/import.js')).runImport(files, o, g, c, out))(opts, cmd),
    );

  program
    .command('export')
    .description('print what Intune takes: the Graph PATCH body per platform, or a review table (md, csv)')
    .addOption(new Option('--format <format>', 'graph (the default), md or csv').choices(['graph', 'md', 'csv']))
    .addOption(new Option('--platform <platform>', 'only one platform').choices(['ios', 'android']))
    .addHelpText(
      'after',
      examples(
        'mamx export --platform ios > ios-body.json',
        'mamx export --format md > review.md',
        'mamx export --format csv > exceptions.csv',
      ),
    )
    .action(action<ExportOptions>(async (o, g, c, out) => (await import('./commands/export.js')).runExport(o, g, c, out)));

  program
    .command('diff')
    .description('the semantic difference of two policies (files or exports): rows, settings, links, and the risk delta')
    .argument('[a]', 'a policy file or an export')
    .argument('[b]', 'another')
    .option('--tenant', 'the policy file against the tenant policies it is bound to: exit 0 in sync, 1 drift')
    .option('--policy <name|id>', 'the policy to compare when an export holds several of a platform')
    .addOption(new Option('--platform <platform>', 'only one platform').choices(['ios', 'android']))
    .addOption(new Option('--fail-on <severity>', 'exit 1 only for new risk at or above this severity').choices(SEVERITIES))
    .addOption(
      new Option('--format <format>', 'text (the default), json (as --json) or md (for a pull-request comment)').choices([
        'text',
        'json',
        'md',
      ]),
    )
    .addHelpText(
      'after',
      examples(
        'mamx diff tenant-export.json mam-policy.yaml',
        'git show main:mam-policy.yaml > base.yaml && mamx diff base.yaml mam-policy.yaml --fail-on high',
        'mamx diff old.json new.json --format md',
        'mamx diff --tenant            # drift: the file against the bound tenant policies',
      ),
    )
    .action(async (a: string | undefined, b: string | undefined, opts: DiffOptions, cmd: Command) =>
      action<DiffOptions>(async (o, g, c, out) => (await import('./commands/diff.js')).runDiff(a, b, o, g, c, out))(opts, cmd),
    );

  program
    .command('pull')
    .description('read the bound tenant policies (or the one --policy names) from Microsoft Graph into the policy file')
    .option('--policy <name|id>', 'the tenant policy to bind and pull, by display name or id')
    .addOption(new Option('--platform <platform>', 'only one platform').choices(['ios', 'android']))
    .option('--mirror', "make the file's lists equal the tenant's: remove its rows and links the tenant lacks")
    .option('--dry-run', 'show what would change, write nothing')
    .addHelpText(
      'after',
      examples(
        'mamx pull --policy "BYOD - iOS"          # bind the file to a tenant policy and take its lists',
        'mamx pull                                # again later: the policies the file is bound to',
        'MAMX_CLIENT_SECRET=... mamx pull --dry-run',
      ) +
        "\nThe tenant's settings, rows and links come in; reasons, tickets and owners stay; the file's own rows are kept (--mirror removes them)." +
        '\nSign-in: device code by default; MAMX_CLIENT_SECRET or MAMX_CLIENT_CERTIFICATE for pipelines; needs DeviceManagementApps.Read.All.\n',
    )
    .action(action<PullOptions>(async (o, g, c, out) => (await import('./commands/pull.js')).runPull(o, g, c, out)));

  program
    .command('push')
    .description("write the file's exemption lists and modelled settings to the bound tenant policies, safely")
    .option('--dry-run', 'show the difference and the new risk, send nothing')
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .option('--force', 'push even when it adds high-risk values')
    .addOption(new Option('--platform <platform>', 'only one platform').choices(['ios', 'android']))
    .addHelpText(
      'after',
      examples('mamx push --dry-run', 'mamx push', 'mamx push --yes --platform ios   # in a pipeline, after review') +
        '\nRefuses (exit 7) a policy changed in Intune since the last pull; verifies what Intune holds after the write.' +
        '\nNever touches assignments, targeted apps or settings mamx does not model. Needs DeviceManagementApps.ReadWrite.All.\n',
    )
    .action(action<PushOptions>(async (o, g, c, out) => (await import('./commands/push.js')).runPush(o, g, c, out)));

  program
    .command('logout')
    .description('forget the device-code sign-in (remove the token cache)')
    .action(action(async (o: object, g, c, out) => (await import('./commands/logout.js')).runLogout(o, g, c, out)));

  program
    .command('schema')
    .description("print the policy file's JSON Schema (a new policy file links to ./mam-policy.schema.json beside it)")
    .addHelpText('after', examples('mamx schema > mam-policy.schema.json     # refresh the copy beside your policy files'))
    .action(
      action(async (_o: object, _g, _c, out) => {
        const { policyJsonSchema } = await import('./core/policy-schema.js');
        out.json(policyJsonSchema());
        return EXIT.OK;
      }),
    );

  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      examples(
        'source <(mamx completion bash)',
        'mamx completion bash > ~/.local/share/bash-completion/completions/mamx',
        'mamx completion fish > ~/.config/fish/completions/mamx.fish',
      ),
    )
    .action(
      actionWithArgument((shell: Shell, _globals, _ctx, out) => {
        out.text(completionScript(shell, describe(program)));
        return Promise.resolve(EXIT.OK);
      }),
    );

  // For the completion scripts: the policy file's own exceptions of a platform, one per line.
  program.command(`${VALUES_COMMAND} <platform>`, { hidden: true }).action(
    actionWithArgument(async (platform: string, globals, c, out) => {
      if (platform !== 'ios' && platform !== 'android') return EXIT.USAGE;
      const { openSession, ownExceptions } = await import('./commands/shared.js');
      const { location } = await openSession(globals, c, out);
      if (location.path === null) return EXIT.OK;
      const { readPolicyFile } = await import('./io/read-policy.js');
      const values = ownExceptions(await readPolicyFile(location.path))[platform].map((e) => e.value);
      out.text(values.map((v) => `${v}\n`).join(''));
      return EXIT.OK;
    }),
  );

  // Bare `mamx`: the help, on stdout, exit 0 (as gh and kubectl do), not commander's error.
  if (argv.length === 0) {
    (await makeOutput({})).text(program.helpInformation());
    return EXIT.OK;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    const out = output ?? (await makeOutput(peekGlobals(argv)));
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      // One line: commander puts its suggestion on a second ("\n(Did you mean check?)").
      const message = e.message.replace(/^error: /, '').replace(/\s*\n\s*\(Did you mean (.+)\?\)/, ' (did you mean $1?)');
      out.error(new MamxError('USAGE', message.replace(/\s*\n\s*/g, ' '), 'see mamx --help'));
      return EXIT.USAGE;
    }
    out.error(e);
    return isMamxError(e) ? e.exitCode : EXIT.INTERNAL;
  }
}

/** What the completion scripts offer: the program's own commands and options. */
function describe(program: Command): CompletionSpec {
  const longs = (c: Command) => c.options.map((o) => o.long ?? o.short ?? '').filter(Boolean);
  return {
    commands: program.commands
      .filter((c) => c.name() !== 'help' && c.name() !== VALUES_COMMAND)
      .map((c) => ({ name: c.name(), aliases: c.aliases(), description: c.description(), options: longs(c) })),
    globalOptions: [...longs(program), '--help'],
    values: {
      '--platform': ['ios', 'android'],
      '--format': ['text', 'json', 'yaml', 'graph', 'md', 'csv', 'sarif', 'junit', 'github'],
      '--fail-on': [...SEVERITIES],
      '--app': SHIPPED_APPS.map((a) => a.id),
      '--file': [],
      '-f': [],
    },
    ownValues: ['remove', 'rm', 'renew', 'accept'],
  };
}

/** With no target given, a person at a terminal gets the wizard; anything else gets the command. */
function orWizard<O extends { ios?: string[]; android?: string[]; link?: string[]; app?: string; stdin?: boolean }>(
  name: 'add' | 'remove' | 'check',
  run: Action<O>,
): Action<O> {
  return (opts, globals, ctx, out) => {
    const noTarget = !opts.ios?.length && !opts.android?.length && !opts.link?.length && !opts.app && !opts.stdin;
    return noTarget && isInteractive(globals, ctx)
      ? import('./commands/wizard.js').then((w) => w.runWizard(name, globals, ctx, out))
      : run(opts, globals, ctx, out);
  };
}

function useColor(g: GlobalOptions, ctx: Context): boolean {
  if (g.color === false || ctx.env.NO_COLOR) return false;
  if (ctx.env.FORCE_COLOR && ctx.env.FORCE_COLOR !== '0') return true;
  return Boolean(ctx.stdout.isTTY) && ctx.env.TERM !== 'dumb';
}

/** Global flags as far as they can be read when commander itself failed to parse the line. */
/** The kind of each --ios, --android and --link value, in command-line order (commander keeps each list apart). */
function targetSequence(argv: readonly string[]): Array<'ios' | 'android' | 'link'> {
  const kinds: Array<'ios' | 'android' | 'link'> = [];
  let current: 'ios' | 'android' | 'link' | null = null;
  for (const token of argv) {
    const flag = /^--(ios|android|link)(?:=(.*))?$/.exec(token);
    if (flag) {
      current = flag[1] as 'ios' | 'android' | 'link';
      if (flag[2] !== undefined) kinds.push(current);
    } else if (token.startsWith('-')) current = null;
    else if (current) kinds.push(current);
  }
  return kinds;
}

/** The commands that read several policy files at once (-f a -f b, or a pattern). */
const MULTI_FILE = new Set(['check', 'test', 'list', 'ls', 'audit']);

/** -f as given (one or more, patterns expanded): `file` is the first, `files` all of them when there are several. */
async function fileOptions(
  raw: Omit<GlobalOptions, 'file'> & { file?: string[] | string },
  command: string,
  ctx: Context,
): Promise<GlobalOptions> {
  const given = raw.file === undefined ? [] : Array.isArray(raw.file) ? raw.file : [raw.file];
  const { file: _given, ...rest } = raw;
  if (given.length === 0) return rest;
  const files = given.some((f) => /[*?]/.test(f)) ? (await import('./io/file-patterns.js')).expandFilePatterns(given, ctx.cwd) : given;
  if (files.length > 1 && !MULTI_FILE.has(command)) {
    throw new MamxError(
      'USAGE',
      `${command} works on one policy file; ${files.length} were given`,
      'check, list and audit read several: mamx audit -f a.yaml -f b.yaml',
    );
  }
  return { ...rest, file: files[0]!, ...(files.length > 1 && { files }) };
}

function peekGlobals(argv: readonly string[]): GlobalOptions {
  return {
    json: argv.includes('--json'),
    quiet: argv.includes('-q') || argv.includes('--quiet'),
    color: !argv.includes('--no-color'),
    debug: argv.includes('--debug'),
  };
}
