/** The built CLI in a real pseudo-terminal (tmux), and its completion scripts in a real bash and zsh. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { BIN, CODE_CACHE_HOME, runBin, tempDir } from '../helpers.js';

/** A tmux server of its own per test, running mamx in a 120x40 terminal. */
function terminal(cwd: string, args: string[]) {
  const socket = path.join(cwd, 'tmux.sock'); // removed with the temp folder
  // A person's terminal: not the test runner's environment (CI=true there would rightly stop the wizard).
  const env = { PATH: process.env.PATH, HOME: cwd, XDG_CACHE_HOME: CODE_CACHE_HOME, TERM: 'xterm-256color', LANG: 'C.UTF-8' };
  const tmux = (...a: string[]) => execFileSync('tmux', ['-S', socket, ...a], { encoding: 'utf8', env });
  const command = `cd ${JSON.stringify(cwd)} && ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args.join(' ')}; echo $? > exit-code`;
  tmux('new-session', '-d', '-x', '120', '-y', '40', command);
  const screen = () => tmux('capture-pane', '-p');
  return {
    screen,
    keys: (...keys: string[]) => tmux('send-keys', ...keys),
    text: (s: string) => tmux('send-keys', '-l', s),
    /** Waits (polling the screen, at most 10 s) until `pattern` shows. */
    async waitFor(pattern: RegExp): Promise<void> {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(screen())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async exitCode(): Promise<number> {
      const file = path.join(cwd, 'exit-code');
      const deadline = Date.now() + 10_000;
      while (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
        if (Date.now() > deadline) throw new Error(`mamx did not exit; screen:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      try {
        tmux('kill-server');
      } catch {
        // already gone with its only session
      }
      return Number(readFileSync(file, 'utf8'));
    },
  };
}

describe('the wizard in a real terminal', () => {
  it('adds an exception without a single flag, and the file has it', async () => {
    const cwd = tempDir();
    const t = terminal(cwd, ['wizard']);
    await t.waitFor(/What do you want to do/);
    t.keys('Down', 'Enter');
    await t.waitFor(/How do you want to name/);
    t.keys('Enter');
    await t.waitFor(/Search by name/);
    t.text('webx meetngs');
    await t.waitFor(/Cisco Webex Meetings: iOS wbx, Android com\.cisco\.webex\.meetings/);
    t.keys('Enter');
    await t.waitFor(/Which platforms/);
    t.keys('Down', 'Down', 'Enter');
    await t.waitFor(/App name/);
    t.keys('Enter');
    await t.waitFor(/Why does it need org data/);
    t.text('Meeting links from Outlook');
    t.keys('Enter');
    await t.waitFor(/ticket/);
    t.text('CHG-7');
    t.keys('Enter');
    await t.waitFor(/Owner/);
    t.text('mobility@contoso.example');
    t.keys('Enter');
    await t.waitFor(/Review or remove after/);
    t.keys('Enter');
    await t.waitFor(/Write this change to the policy file/);
    expect(t.screen()).toContain('+    - value: com.cisco.webex.meetings');
    t.keys('Enter');
    expect(await t.exitCode()).toBe(0);
    const doc = parse(readFileSync(path.join(cwd, 'mam-policy.yaml'), 'utf8'));
    expect(doc.android.exceptions).toEqual([
      {
        value: 'com.cisco.webex.meetings',
        name: 'Cisco Webex Meetings',
        reason: 'Meeting links from Outlook',
        ticket: 'CHG-7',
        owner: 'mobility@contoso.example',
        added: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      },
    ]);
    expect(runBin(['check', '-q', '--android', 'com.cisco.webex.meetings'], { cwd }).code).toBe(0);
  });

  it.each(['C-c', 'Escape'])('%s mid-wizard exits 130 and writes nothing', async (key) => {
    const cwd = tempDir();
    const t = terminal(cwd, ['add']);
    await t.waitFor(/How do you want to name/);
    t.keys('Down', 'Enter');
    await t.waitFor(/Which platform/);
    t.keys('Enter');
    await t.waitFor(/URL scheme/);
    t.text('wbx');
    t.keys(key);
    expect(await t.exitCode()).toBe(130);
    expect(existsSync(path.join(cwd, 'mam-policy.yaml'))).toBe(false);
  });

  it('mamx wizard </dev/null exits 2 at once, naming the flags', () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [BIN, 'wizard'], {
      cwd: tempDir(),
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('mamx add --ios');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('shell completion', () => {
  const complete = (line: string): string => {
    const script = runBin(['completion', 'bash'], { cwd: tempDir() }).stdout;
    const program = `${script}\nread -ra COMP_WORDS <<< "$LINE"; [[ "$LINE" == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _mamx; echo "\${COMPREPLY[*]}"`;
    return execFileSync('bash', ['-c', program], { env: { PATH: process.env.PATH, LINE: line }, encoding: 'utf8' }).trim();
  };

  it.each([
    ['mamx ad', 'add'],
    ['mamx add --i', '--ios'],
    ['mamx rm --dr', '--dry-run'],
    ['mamx ls --platform ', 'ios android'],
    ['mamx -f team.yaml che', 'check'],
    ['mamx audit --fail-on h', 'high'],
    ['mamx add --app webex-m', 'webex-meetings'],
    ['mamx completion', 'completion'],
  ])('bash completes %j to %j', (line, expected) => {
    expect(complete(line)).toBe(expected);
  });

  it("bash offers the policy file's own exceptions for rm --ios (asked of mamx as you type)", () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'mam-policy.yaml'), 'version: 1\nios:\n  exceptions:\n    - value: wbx\n    - value: zoomus\n');
    const bin = path.join(cwd, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'mamx'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`, {
      mode: 0o755,
    });
    const script = runBin(['completion', 'bash'], { cwd }).stdout;
    const program = `${script}\nread -ra COMP_WORDS <<< "$LINE"; [[ "$LINE" == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _mamx; echo "\${COMPREPLY[*]}"`;
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: cwd, XDG_CACHE_HOME: CODE_CACHE_HOME };
    const run = (line: string) => execFileSync('bash', ['-c', program], { cwd, env: { ...env, LINE: line }, encoding: 'utf8' }).trim();
    expect(run('mamx rm --ios ')).toBe('wbx zoomus');
    expect(run('mamx remove --ios z')).toBe('zoomus');
    expect(run('mamx rm --android ')).toBe('');
  });

  it('zsh, installed as the README says: the first TAB completes (a real zsh in tmux)', async () => {
    const cwd = tempDir();
    const bin = path.join(cwd, 'bin');
    const fp = path.join(cwd, 'functions');
    mkdirSync(bin);
    mkdirSync(fp);
    writeFileSync(path.join(bin, 'mamx'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`, {
      mode: 0o755,
    });
    writeFileSync(path.join(fp, '_mamx'), runBin(['completion', 'zsh'], { cwd }).stdout);
    writeFileSync(path.join(cwd, 'mam-policy.yaml'), 'version: 1\nios:\n  exceptions:\n    - value: wbx\n');
    writeFileSync(path.join(cwd, '.zshrc'), `fpath=(${JSON.stringify(fp)} $fpath)\nautoload -U compinit && compinit -u\nPS1='%% '\n`);
    const socket = path.join(cwd, 'tmux.sock');
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: cwd, ZDOTDIR: cwd, XDG_CACHE_HOME: CODE_CACHE_HOME, TERM: 'xterm-256color' };
    const tmux = (...a: string[]) => execFileSync('tmux', ['-S', socket, ...a], { encoding: 'utf8', env });
    tmux('new-session', '-d', '-x', '100', '-y', '10', `cd ${JSON.stringify(cwd)} && zsh -i`);
    const waitFor = async (pattern: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(tmux('capture-pane', '-p'))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${tmux('capture-pane', '-p')}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    try {
      await waitFor(/^%/m); // capture-pane drops trailing spaces
      tmux('send-keys', '-l', 'mamx ad');
      tmux('send-keys', 'Tab');
      await waitFor(/^% mamx add$/m);
      tmux('send-keys', '-l', '--', '--ios w');
      tmux('send-keys', 'Tab');
      await waitFor(/^% mamx add --ios w$/m); // add: a new value, nothing to offer
      tmux('send-keys', 'C-u');
      tmux('send-keys', '-l', '--', 'mamx rm --ios w');
      tmux('send-keys', 'Tab');
      await waitFor(/^% mamx rm --ios wbx$/m);
    } finally {
      tmux('kill-server');
    }
  });

  it('zsh and fish scripts name every command; an unknown shell is exit 2', () => {
    for (const shell of ['zsh', 'fish']) {
      const r = runBin(['completion', shell], { cwd: tempDir() });
      expect(r.code).toBe(0);
      for (const cmd of ['init', 'add', 'remove', 'list', 'check', 'audit', 'apps', 'wizard', 'completion'])
        expect(r.stdout).toContain(cmd);
    }
    expect(runBin(['completion', 'fish'], { cwd: tempDir() }).stdout).toContain(
      "complete -c mamx -n '__fish_seen_subcommand_from add' -l ios",
    );
    expect(runBin(['completion', 'powershell'], { cwd: tempDir() }).code).toBe(2);
  });
});
