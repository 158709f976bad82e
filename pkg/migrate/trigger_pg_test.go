package migrate_test

import (
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/migrate"
)

// quietSchema is the table the trigger cases hook, and quietServing the serving version's
// ordinary writes on it, boundary values included: a name of 255 two-byte characters (the most
// varchar(255) takes), a note of 9000 bytes, a negative and a zero count, an update and a
// delete.
const quietSchema = `CREATE TABLE settings (name varchar(255) PRIMARY KEY, value jsonb NOT NULL, note text, n int);
INSERT INTO settings VALUES ('a', '{}', 'n', 1), ('b', '{}', 'm', 1);
`

var quietServing = []string{
	"INSERT INTO settings (name, value, note, n) VALUES (repeat('é', 255), '{\"k\": 1}', repeat('x', 9000), -1)",
	"INSERT INTO settings (name, value, note, n) VALUES ('c', '{}', 'abc', 0)",
	"UPDATE settings SET note = repeat('y', 9000), n = 2 WHERE name = 'a'",
	"DELETE FROM settings WHERE name = 'b'",
	"TRUNCATE settings",
}

// TestQuietTriggerOnPostgres holds the rule on triggers the running version cannot notice
// (classify_trigger.go) to PostgreSQL 15: an AFTER trigger whose function, created in the
// same migration, only notifies with a payload bounded below 8000 bytes is expand, and the
// serving version's writes all still work after it; each near miss (a payload that can reach
// 8000 bytes, an error raised, a cast or a division that fails on some value, a CASE without
// ELSE, a channel name pg_notify refuses) is contract, and breaks one of them. The trigger
// rule is new: before it, the first four were contract too.
func TestQuietTriggerOnPostgres(t *testing.T) {
	fn := func(body string) string {
		return "CREATE FUNCTION settings_notify() RETURNS trigger LANGUAGE plpgsql AS $$\n" + body + "\n$$;\n"
	}
	cases := []struct {
		name, change string
		works        bool
	}{
		{"notify the deleted name (Windmill's)", fn("BEGIN\n  PERFORM pg_notify('setting_deleted', OLD.name::text);\n  RETURN OLD;\nEND") +
			"CREATE TRIGGER settings_deleted AFTER DELETE ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify()", true},
		{"CREATE OR REPLACE TRIGGER of a name the table has no trigger of", fn("BEGIN\n  PERFORM pg_notify('setting_deleted', OLD.name::text);\n  RETURN OLD;\nEND") +
			"CREATE OR REPLACE TRIGGER settings_deleted AFTER DELETE ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify()", true},
		{"notify a JSON object of bounded columns", fn("DECLARE payload text;\nBEGIN\n  IF TG_OP = 'DELETE' THEN\n    payload := json_build_object('op', TG_OP, 'name', OLD.name)::text;\n  ELSE\n    payload := json_build_object('op', TG_OP, 'name', NEW.name, 'n', NEW.n)::text;\n  END IF;\n  RAISE NOTICE 'settings %', payload;\n  PERFORM pg_notify('settings', payload);\n  RETURN NULL;\nEND") +
			"CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE OR DELETE ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify()", true},
		{"notify on the channel a trigger argument names", fn("BEGIN\n  PERFORM pg_notify(TG_ARGV[0], TG_OP || ':' || coalesce(NEW.name, OLD.name));\n  RETURN NEW;\nEND") +
			"CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE OR DELETE ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify('settings_events')", true},
		{"notify once per statement, on truncate too", fn("BEGIN\n  PERFORM pg_notify('settings', TG_TABLE_NAME || ' ' || TG_OP);\n  RETURN NULL;\nEND") +
			"CREATE TRIGGER settings_any AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings FOR EACH STATEMENT EXECUTE FUNCTION settings_notify()", true},
		{"notify the whole row", fn("BEGIN\n  PERFORM pg_notify('settings', row_to_json(NEW)::text);\n  RETURN NULL;\nEND") +
			"CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify()", false},
		{"notify a text column", fn("BEGIN\n  PERFORM pg_notify('settings', NEW.note);\n  RETURN NULL;\nEND") +
			"CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify()", false},
		{"notify two bounded columns that reach 8000 bytes in JSON", fn("BEGIN\n  PERFORM pg_notify('settings', json_build_object('a', NEW.name, 'b', NEW.name, 'c', NEW.name)::text);\n  RETURN NULL;\nEND") +
			"CREATE TRIGGER settings_changed AFTER INSERT ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify()", true},
		{"raise on a negative count", fn("BEGIN\n  IF NEW.n < 0 THEN\n    RAISE EXCEPTION 'negative';\n  END IF;\n  RETURN NULL;\nEND") +
			"CREATE TRIGGER settings_checked AFTER INSERT OR UPDATE ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify()", false},
		{"cast a note to a number", fn("BEGIN\n  PERFORM pg_notify('settings', (NEW.note::int)::text);\n  RETURN NULL;\nEND") +
			"CREATE TRIGGER settings_changed AFTER INSERT ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify()", false},
		{"divide by the count", fn("BEGIN\n  PERFORM pg_notify('settings', (100 / NEW.n)::text);\n  RETURN NULL;\nEND") +
			"CREATE TRIGGER settings_changed AFTER INSERT ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify()", false},
		{"CASE without ELSE", fn("BEGIN\n  CASE NEW.n WHEN 1 THEN PERFORM pg_notify('settings', 'one'); END CASE;\n  RETURN NULL;\nEND") +
			"CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify()", false},
		{"a channel name longer than 63 bytes", fn("BEGIN\n  PERFORM pg_notify(TG_ARGV[0], 'x');\n  RETURN NULL;\nEND") +
			"CREATE TRIGGER settings_changed AFTER INSERT ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify('" + strings.Repeat("c", 64) + "')", false},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			m, works, failure := servingAcross(t, quietSchema, c.change, quietServing)
			if works != c.works {
				t.Fatalf("the serving version after the migration: %v, want it to work: %v", failure, c.works)
			}
			want := migrate.ClassContract
			if c.works && !strings.Contains(c.name, "reach 8000") {
				want = migrate.ClassExpand
			}
			if m.Class != want {
				t.Errorf("classified %s, want %s: %s", m.Class, want, m.Summary())
				for _, ch := range m.Changes {
					t.Logf("%s: %s (%s)", ch.Class, ch.What, ch.Why)
				}
			}
		})
	}
}
