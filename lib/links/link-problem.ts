/** Why a link does not work, in the words the link pages use. */
export type LinkProblemState = 'used' | 'expired' | 'superseded' | 'unknown' | 'deactivated' | 'throttled';
