package migrate

import "testing"

// A publication that replicates UPDATE or DELETE (the default) makes PostgreSQL refuse every
// UPDATE and DELETE on a published table that has no replica identity ("cannot update table
// … because it does not have a replica identity and publishes updates"): PostgreSQL 15,
// "Logical Replication: Publication" (logical-replication-publication.html). Found by the
// holdout set (TestHoldoutOnPostgres, "publication on a table without a replica identity").
func TestHoldoutPublication(t *testing.T) {
	cases := []struct {
		sql   string
		class Class
	}{
		{"CREATE PUBLICATION audit_changes FOR TABLE auth.audit_log_entries", ClassContract},
		{"CREATE PUBLICATION everything FOR ALL TABLES", ClassContract},
		{"CREATE PUBLICATION s FOR TABLES IN SCHEMA auth", ClassContract},
		{"CREATE PUBLICATION audit_changes FOR TABLE auth.audit_log_entries WITH (publish = 'update')", ClassContract},
		{"CREATE PUBLICATION audit_inserts FOR TABLE auth.audit_log_entries WITH (publish = 'insert, truncate')", ClassExpand},
		{"CREATE PUBLICATION empty", ClassExpand},
		{"ALTER PUBLICATION empty ADD TABLE auth.audit_log_entries", ClassContract},
	}
	for _, c := range cases {
		got := classOf(t, c.sql)
		if len(got) != 1 || got[0].Class != c.class {
			t.Errorf("%s: got %+v, want %s", c.sql, got, c.class)
		}
	}
}
