package notify

import (
	"context"
	"sync"
	"time"
)

// Slack limits each Web API method by tier, per workspace (chat.postMessage per channel):
// Tier 2 about 20 calls a minute, Tier 3 about 50, Tier 4 about 100, chat.postMessage about one
// a second per channel, each with short bursts. Greenlight paces its own calls to stay under
// them, so that 429s are the exception (Retry honours Retry-After when one comes anyway).
var tiers = map[string]struct {
	every time.Duration // one call per every, sustained
	burst int
}{
	"chat.postMessage":      {time.Second, 3}, // special tier: per channel
	"chat.update":           {1200 * time.Millisecond, 5},
	"reactions.add":         {1200 * time.Millisecond, 5},
	"conversations.replies": {1200 * time.Millisecond, 5},
	"users.lookupByEmail":   {1200 * time.Millisecond, 5},
	"usergroups.users.list": {3 * time.Second, 3},
	"bots.info":             {1200 * time.Millisecond, 5},
	"auth.test":             {600 * time.Millisecond, 10},
}

type bucket struct {
	tokens float64
	last   time.Time
}

var (
	paceMu  sync.Mutex
	buckets = map[string]*bucket{}
	// paceNow and paceSleep are the pacer's clock (tests replace them).
	paceNow   = time.Now
	paceSleep = func(ctx context.Context, d time.Duration) error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d):
			return nil
		}
	}
)

// Pace waits until a call of method (for chat.postMessage, in channel key) fits its tier in
// this process, or ctx ends. A method it does not know is not paced.
func Pace(ctx context.Context, method, key string) error {
	t, ok := tiers[method]
	if !ok {
		return nil
	}
	if method != "chat.postMessage" {
		key = ""
	}
	for {
		paceMu.Lock()
		b := buckets[method+" "+key]
		now := paceNow()
		if b == nil {
			b = &bucket{tokens: float64(t.burst), last: now}
			buckets[method+" "+key] = b
		}
		b.tokens = min(float64(t.burst), b.tokens+float64(now.Sub(b.last))/float64(t.every))
		b.last = now
		if b.tokens >= 1 {
			b.tokens--
			paceMu.Unlock()
			return nil
		}
		wait := time.Duration((1 - b.tokens) * float64(t.every))
		paceMu.Unlock()
		if err := paceSleep(ctx, wait); err != nil {
			return err
		}
	}
}

// Call paces method (see Pace), then calls f with Retry's rules, pacing every attempt.
func Call(ctx context.Context, method, key string, tries int, maxWait time.Duration, f func() error) error {
	return Retry(ctx, tries, maxWait, func() error {
		if err := Pace(ctx, method, key); err != nil {
			return err
		}
		return f()
	})
}
