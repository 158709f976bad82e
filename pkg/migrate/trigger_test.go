package migrate

import (
	"strings"
	"testing"
)

const triggerSchema = `-- +goose Up
CREATE TABLE settings (name varchar(255) PRIMARY KEY, value jsonb NOT NULL, note text, n int);
CREATE TABLE audit (id bigserial PRIMARY KEY, what text);
`

const notifyName = `CREATE FUNCTION settings_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('settings', NEW.name);
  RETURN NULL;
END $$;
`

// A trigger whose function Greenlight cannot show to be unnoticeable by the running version,
// or whose reading a later statement invalidates, stays contract (TestQuietTriggerOnPostgres
// shows the ones that break on PostgreSQL); what was found quiet binds the later migrations
// that would change it: replacing its function, widening a column its payload's bound was
// read from.
func TestTriggerTheRunningVersionMayNotice(t *testing.T) {
	trigger := "CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE ON settings FOR EACH ROW EXECUTE FUNCTION settings_notify();\n"
	for _, c := range []struct {
		name   string
		files  []string // the migrations after the schema
		expand []bool   // each one's class
		why    string   // in the last one's reasons
	}{
		{"quiet", []string{notifyName + trigger}, []bool{true}, "queues notifications on settings"},
		{"BEFORE", []string{notifyName + strings.Replace(trigger, "AFTER", "BEFORE", 1)}, []bool{false}, "BEFORE"},
		{"writes a table", []string{strings.Replace(notifyName, "PERFORM pg_notify('settings', NEW.name);", "INSERT INTO audit (what) VALUES (NEW.name);", 1) + trigger}, []bool{false}, "execsql"},
		{"queries", []string{strings.Replace(notifyName, "NEW.name);", "(SELECT max(name) FROM settings));", 1) + trigger}, []bool{false}, "expression"},
		{"a function this migration does not create", []string{notifyName, trigger}, []bool{true, false}, "not one this migration creates"},
		{"replaced after the trigger", []string{notifyName + trigger + strings.Replace(notifyName, "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)}, []bool{false}, "a trigger on a table"},
		{"replaced in a later migration", []string{notifyName + trigger, strings.Replace(notifyName, "CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)}, []bool{true, false}, "a trigger on a table"},
		{"the column it sends widened later", []string{notifyName + trigger, "ALTER TABLE settings ALTER COLUMN name TYPE text;\n"}, []bool{true, false}, "bounded by its type"},
		{"another column widened later", []string{notifyName + trigger, "ALTER TABLE settings ALTER COLUMN note TYPE text;\n"}, []bool{true, true}, ""},
		{"a channel another function sends on", []string{"CREATE FUNCTION other() RETURNS void LANGUAGE sql AS $$ SELECT pg_notify('settings', 'x') $$;\n", notifyName + trigger}, []bool{true, false}, "something else sends too"},
		{"a channel a statement notified", []string{"NOTIFY settings;\n", notifyName + trigger}, []bool{true, false}, "something else sends too"},
		{"a loop", []string{strings.Replace(notifyName, "PERFORM pg_notify('settings', NEW.name);", "WHILE true LOOP END LOOP;", 1) + trigger}, []bool{false}, "while"},
		{"a variable grown from itself", []string{strings.Replace(notifyName, "BEGIN\n  PERFORM pg_notify('settings', NEW.name);", "DECLARE p text := '';\nBEGIN\n  p := p || NEW.name;\n  PERFORM pg_notify('settings', p);", 1) + trigger}, []bool{false}, "8000 bytes"},
		{"a user function", []string{strings.Replace(notifyName, "NEW.name);", "lower(my_fn(NEW.name)));", 1) + trigger}, []bool{false}, "my_fn"},
		{"a column the table lacks", []string{strings.Replace(notifyName, "NEW.name", "NEW.nam", 1) + trigger}, []bool{false}, "does not know"},
		{"another language", []string{strings.Replace(notifyName, "plpgsql", "plperl", 1) + trigger}, []bool{false}, "plperl"},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			fs := map[string]string{"00001_schema.sql": triggerSchema}
			for i, f := range c.files {
				fs["0000"+string(rune('2'+i))+"_m.sql"] = "-- +goose Up\n" + f
			}
			ms := readMap(t, fs)
			for i, want := range c.expand {
				m := ms[i+1]
				if len(m.Problems) > 0 {
					t.Fatalf("problems: %q", m.Problems)
				}
				if (m.Class == ClassExpand) != want {
					t.Errorf("migration %d: %s", i+2, m.Summary())
					for _, ch := range m.Changes {
						t.Logf("  %s: %s (%s)", ch.Class, ch.What, ch.Why)
					}
				}
			}
			last := ms[len(ms)-1]
			var whys []string
			for _, ch := range last.Changes {
				whys = append(whys, ch.Why)
			}
			if !strings.Contains(strings.Join(whys, " | "), c.why) {
				t.Errorf("the reasons %q do not say %q", whys, c.why)
			}
		})
	}
}
