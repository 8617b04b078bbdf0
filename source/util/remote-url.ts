/**
 * Remote URLs can carry credentials (`https://user:token@host/repo`). They are
 * stripped before a remote is shown, saved or exported, wherever it came from.
 */
export function stripRemoteCredentials(url: string): string {
  const trimmed = url.trim();
  // scheme://userinfo@host… — drop the userinfo whatever it holds.
  const withScheme = /^([a-z][a-z0-9+.-]*:\/\/)([^/@]*@)(.*)$/i.exec(trimmed);
  if (withScheme) return `${withScheme[1]}${withScheme[3]}`;
  // scp-like `user@host:path` has no secret unless the user part holds a colon (`user:token@host:path`).
  const scp = /^([^/@:]+):([^/@]+)@(.*)$/.exec(trimmed);
  if (scp) return `${scp[1]}@${scp[3]}`;
  return trimmed;
}
