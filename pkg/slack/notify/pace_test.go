package notify

import (
	"context"
	"testing"
	"time"
)

// Calls are paced to Slack's tiers: a burst, then one per interval, per method (and per
// channel for chat.postMessage), on a simulated clock.
func TestPaceKeepsEachMethodWithinItsTier(t *testing.T) {
	var clock time.Time
	oldNow, oldSleep := paceNow, paceSleep
	t.Cleanup(func() { paceNow, paceSleep = oldNow, oldSleep; buckets = map[string]*bucket{} })
	paceMu.Lock()
	buckets = map[string]*bucket{}
	paceMu.Unlock()
	clock = time.Unix(1_700_000_000, 0)
	paceNow = func() time.Time { return clock }
	paceSleep = func(ctx context.Context, d time.Duration) error { clock = clock.Add(d); return nil }
	ctx := context.Background()
	calls := func(method, key string, n int) time.Duration {
		start := clock
		for range n {
			if err := Pace(ctx, method, key); err != nil {
				t.Fatal(err)
			}
		}
		return clock.Sub(start)
	}
	// chat.update is Tier 3 (about 50 a minute): 60 calls take at least the minute.
	if d := calls("chat.update", "C1", 60); d < 55*time.Second {
		t.Errorf("60 chat.update calls in %s: over Tier 3", d)
	}
	// chat.postMessage is about one a second per channel: channels do not share a budget.
	if d := calls("chat.postMessage", "C1", 3); d != 0 {
		t.Errorf("a burst of 3 messages waited %s", d)
	}
	if d := calls("chat.postMessage", "C2", 3); d != 0 {
		t.Errorf("another channel waited %s", d)
	}
	if d := calls("chat.postMessage", "C1", 10); d < 9*time.Second {
		t.Errorf("10 more messages in one channel in %s", d)
	}
	// usergroups.users.list is Tier 2 (about 20 a minute).
	if d := calls("usergroups.users.list", "", 23); d < 55*time.Second {
		t.Errorf("23 usergroups.users.list calls in %s: over Tier 2", d)
	}
	if d := calls("an.unknown.method", "", 100); d != 0 {
		t.Errorf("an unpaced method waited %s", d)
	}
}
