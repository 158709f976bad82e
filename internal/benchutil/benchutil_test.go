package benchutil

import (
	"testing"
	"time"
)

func TestMedianAndRatio(t *testing.T) {
	if m := Median([]time.Duration{3, 1, 2}); m != 2 {
		t.Errorf("odd: %d", m)
	}
	if m := Median([]time.Duration{4, 1, 3, 2}); m != 2 {
		t.Errorf("even: %d (want the mean of 2 and 3, rounded down)", m)
	}
	if Median(nil) != 0 || Ratio(1, 0) != 0 || Ratio(3, 2) != 1.5 {
		t.Error("edge cases")
	}
}
