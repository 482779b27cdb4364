/**
 * The product's services, run inside the demo seed's one transaction. A service opens its own
 * transaction on a pool (`begin; set local role remodel_app; …` … `commit`); here each of those
 * becomes a savepoint of the seed's transaction, so the rows are exactly what the service writes
 * (row-level security, audit entries and all), while the demo as a whole still commits once,
 * under the install lock, or not at all.
 */
import type pg from "pg";
import type { Db } from "../../db/pool.ts";

export function seedDb(client: pg.Client): Db {
  let step = 0;
  const connect = async () => {
    const savepoint = `demo_step_${++step}`;
    const query = (text: unknown, ...rest: unknown[]) => {
      let sql = text;
      if (typeof sql === "string") {
        if (sql.startsWith("begin;")) sql = `savepoint ${savepoint};${sql.slice("begin;".length)}`;
        else if (sql === "begin") sql = `savepoint ${savepoint}`;
        else if (sql === "commit") sql = `release savepoint ${savepoint}; reset role`;
        else if (sql === "rollback") sql = `rollback to savepoint ${savepoint}; reset role`;
      }
      return (client.query as (...args: unknown[]) => unknown)(sql, ...rest);
    };
    return new Proxy(client, {
      get(target, property) {
        if (property === "query") return query;
        if (property === "release") return () => {};
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  };
  return { connect } as unknown as Db;
}
