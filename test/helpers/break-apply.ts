import type { DbKind } from '@jitkit/testing';
import type { Knex } from 'knex';

/**
 * A trigger that fails the insert of one member's department memberships: a real database
 * error late in the apply, after the member, user and binding rows were already written.
 */
export async function breakApply(knex: Knex, kind: DbKind, memberId: string): Promise<() => Promise<void>> {
  const id = memberId.replace(/'/g, "''");
  if (kind === 'sqlite') {
    await knex.raw(
      `CREATE TRIGGER jk_test_fail BEFORE INSERT ON jk_dept_members WHEN NEW.member_id = '${id}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    return async () => void (await knex.raw('DROP TRIGGER jk_test_fail'));
  }
  if (kind === 'postgres') {
    await knex.raw(
      `CREATE FUNCTION jk_test_fail() RETURNS trigger AS $$ BEGIN IF NEW.member_id = '${id}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await knex.raw('CREATE TRIGGER jk_test_fail BEFORE INSERT ON jk_dept_members FOR EACH ROW EXECUTE FUNCTION jk_test_fail()');
    return async () => void (await knex.raw('DROP TRIGGER jk_test_fail ON jk_dept_members; DROP FUNCTION jk_test_fail()'));
  }
  await knex.raw(
    `CREATE TRIGGER jk_test_fail BEFORE INSERT ON jk_dept_members FOR EACH ROW BEGIN IF NEW.member_id = '${id}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF; END`,
  );
  return async () => void (await knex.raw('DROP TRIGGER jk_test_fail'));
}
