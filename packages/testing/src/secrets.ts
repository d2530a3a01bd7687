/**
 * Finds secrets in text a test captured (logs, CLI output, reports, errors). Returns the names
 * of the secrets that appear, so a failure says which one leaked without printing it.
 */
export function leakedSecrets(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => value && text.includes(value))
    .map(([name]) => name);
}
