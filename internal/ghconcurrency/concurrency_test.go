package ghconcurrency

import "testing"

// The documented rules, one sequence each: a newer pending run replaces an older one, a running
// run is never cancelled, and a skipped run takes the pending place only at the workflow level.
func TestTheDocumentedRules(t *testing.T) {
	for _, tc := range []struct {
		level Level
		want  string // what starts after the first run
	}{{WorkflowLevel, ""}, {JobLevel, "green-3"}} {
		s := New(tc.level)
		first, second, third, failed := &Run{Name: "green-1"}, &Run{Name: "green-2"}, &Run{Name: "green-3"}, &Run{Name: "failed-4", Skip: true}
		if s.Queue(first) != first {
			t.Fatal("the first run did not start in a free group")
		}
		if s.Queue(second) != nil || s.Queue(third) != nil {
			t.Fatal("a run started while another ran")
		}
		if c := s.Cancelled(); len(c) != 1 || c[0] != second {
			t.Fatalf("cancelled %v, want the older pending run", c)
		}
		s.Queue(failed)
		next := s.Done(first)
		got := ""
		if next != nil {
			got = next.Name
		}
		if got != tc.want {
			t.Errorf("level %d: after the first run, %q started, want %q", tc.level, got, tc.want)
		}
	}
}
