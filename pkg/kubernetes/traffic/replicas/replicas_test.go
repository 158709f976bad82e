package replicas

import "testing"

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		total      int32
		percent    int
		canary, st int32
	}{
		{4, 0, 0, 4}, {4, 10, 1, 3}, {4, 25, 1, 3}, {4, 50, 2, 2}, {4, 90, 3, 1}, {4, 100, 4, 0},
		{10, 10, 1, 9}, {10, 33, 3, 7}, {1, 10, 1, 1}, {2, 50, 1, 1},
	} {
		c, s := Split(tc.total, tc.percent)
		if c != tc.canary || s != tc.st {
			t.Errorf("Split(%d, %d%%) = %d/%d, want %d/%d", tc.total, tc.percent, c, s, tc.canary, tc.st)
		}
	}
}
