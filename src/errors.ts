/** The one error type users can fix. Anything else thrown is a bug in mamx (exit 70). */

export const EXIT = {
  OK: 0,
  DENIED: 1,
  USAGE: 2,
  FILE: 3,
  LIMITED: 4,
  REFUSED: 5,
  TENANT: 6,
  CONFLICT: 7,
  INTERNAL: 70,
  CANCELLED: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type ErrorCode =
  | 'USAGE'
  | 'INVALID_VALUE'
  | 'FILE_EXISTS'
  | 'NOT_FOUND'
  | 'NO_TTY'
  | 'POLICY_MISSING'
  | 'POLICY_INVALID'
  | 'POLICY_UNREADABLE'
  | 'POLICY_WRITE_FAILED'
  | 'POLICY_LOCKED'
  | 'POLICY_CHANGED'
  | 'POLICY_UNEDITABLE'
  | 'CONFIG_INVALID'
  | 'NO_SHARED_POLICY'
  | 'HIGH_RISK'
  | 'GRAPH_AUTH'
  | 'GRAPH_FORBIDDEN'
  | 'GRAPH_NOT_FOUND'
  | 'GRAPH_THROTTLED'
  | 'GRAPH_NETWORK'
  | 'GRAPH_ERROR'
  | 'TENANT_CHANGED'
  | 'PUSH_NOT_VERIFIED'
  | 'CANCELLED'
  | 'INTERNAL';

const EXIT_FOR: Record<ErrorCode, ExitCode> = {
  USAGE: EXIT.USAGE,
  INVALID_VALUE: EXIT.USAGE,
  FILE_EXISTS: EXIT.USAGE,
  NOT_FOUND: EXIT.USAGE,
  NO_TTY: EXIT.USAGE,
  POLICY_MISSING: EXIT.FILE,
  POLICY_INVALID: EXIT.FILE,
  POLICY_UNREADABLE: EXIT.FILE,
  POLICY_WRITE_FAILED: EXIT.FILE,
  POLICY_LOCKED: EXIT.FILE,
  POLICY_CHANGED: EXIT.FILE,
  POLICY_UNEDITABLE: EXIT.FILE,
  CONFIG_INVALID: EXIT.FILE,
  NO_SHARED_POLICY: EXIT.FILE,
  HIGH_RISK: EXIT.REFUSED,
  GRAPH_AUTH: EXIT.TENANT,
  GRAPH_FORBIDDEN: EXIT.TENANT,
  GRAPH_NOT_FOUND: EXIT.TENANT,
  GRAPH_THROTTLED: EXIT.TENANT,
  GRAPH_NETWORK: EXIT.TENANT,
  GRAPH_ERROR: EXIT.TENANT,
  TENANT_CHANGED: EXIT.CONFLICT,
  PUSH_NOT_VERIFIED: EXIT.CONFLICT,
  CANCELLED: EXIT.CANCELLED,
  INTERNAL: EXIT.INTERNAL,
};

export function isMamxError(e: unknown): e is MamxError {
  return e instanceof MamxError;
}

export class MamxError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'MamxError';
    this.code = code;
    this.exitCode = EXIT_FOR[code];
    this.hint = hint;
  }
}
