package flags_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/flags"
)

// users are the keys the statistical tests bucket: sequential IDs, as accounts usually have,
// which is where a weak hash shows.
func users(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprint("user-", i)
	}
	return keys
}

// Two flags rolled out together must put users in their on-groups independently, or each
// flag's analysis is confounded by the other's. The method: 25 flags, the 300 pairs of
// them, and for each pair the number of users on in both compared with what independence gives
// (n·pa·pb from each flag's own share, binomial variance); a |z| above 4 happens by chance
// about once in 16,000 pairs, so at these fixed keys none may. FNV-1a mod 100 (the bucketing
// before issue 26) had 25 such pairs at 10 % and 61 at 50 %, the worst at z = 39.
func TestBucketsAreIndependentAcrossFlags(t *testing.T) {
	const nFlags, n = 25, 100_000
	keys := users(n)
	buckets := make([][]uint8, nFlags)
	for f := range buckets {
		buckets[f] = make([]uint8, n)
		name := fmt.Sprintf("feature-%02d", f)
		for i, k := range keys {
			buckets[f][i] = uint8(flags.Bucket(name, k))
		}
	}
	for _, share := range []int{10, 50} {
		bad, worst, pairs := 0, 0.0, 0
		for a := range nFlags {
			for b := a + 1; b < nFlags; b++ {
				pairs++
				na, nb, both := 0, 0, 0
				for i := range n {
					ina, inb := int(buckets[a][i]) < share, int(buckets[b][i]) < share
					if ina {
						na++
					}
					if inb {
						nb++
					}
					if ina && inb {
						both++
					}
				}
				p := float64(na) / n * float64(nb) / n
				z := (float64(both) - n*p) / math.Sqrt(n*p*(1-p))
				if math.Abs(z) > math.Abs(worst) {
					worst = z
				}
				if math.Abs(z) > 4 {
					bad++
				}
			}
		}
		t.Logf("at %d%%: %d of %d pairs with |z| > 4, worst z = %.1f", share, bad, pairs, worst)
		if pairs != 300 || bad > 0 {
			t.Errorf("at %d%%: %d of %d pairs of flags have correlated on-groups (|z| > 4; worst z = %.1f)", share, bad, pairs, worst)
		}
	}
}

// Each flag spreads users evenly over the 100 buckets: a chi-square test of 100,000 keys with
// 99 degrees of freedom, whose 99.99th percentile is about 157.
func TestBucketsAreUniform(t *testing.T) {
	keys := users(100_000)
	for _, name := range []string{"new-checkout", "a", "feature-07", "x_y-z"} {
		var count [100]int
		for _, k := range keys {
			b := flags.Bucket(name, k)
			if b < 0 || b > 99 {
				t.Fatalf("Bucket(%q, %q) = %d", name, k, b)
			}
			count[b]++
		}
		chi, want := 0.0, float64(len(keys))/100
		for _, c := range count {
			chi += (float64(c) - want) * (float64(c) - want) / want
		}
		t.Logf("%s: chi-square %.1f (99 degrees of freedom)", name, chi)
		if chi > 157 {
			t.Errorf("flag %s: buckets are not uniform: chi-square %.1f > 157 (99 degrees of freedom)", name, chi)
		}
	}
}

// A user who has the feature keeps it as the share rises, step by step from 0 to 100 %, and
// each step adds about one per cent of the users.
func TestBucketsAreStickyAsTheShareRises(t *testing.T) {
	keys := users(20_000)
	on := make([]bool, len(keys))
	for pct := 0; pct <= 100; pct++ {
		f := flags.Flag{Name: "new-checkout", Percent: pct}
		n := 0
		for i, k := range keys {
			now := f.On(k)
			if on[i] && !now {
				t.Fatalf("%s had the feature at %d%% and lost it at %d%%", k, pct-1, pct)
			}
			on[i] = now
			if now {
				n++
			}
		}
		if want := len(keys) * pct / 100; math.Abs(float64(n-want)) > 4*math.Sqrt(float64(len(keys))*0.25)+1 {
			t.Errorf("at %d%%: %d of %d users on, want about %d", pct, n, len(keys), want)
		}
	}
}

// Bucket is MurmurHash3 (x86, 32 bits, seed 0) of the flag's key followed by the targeting
// key, as flagd's fractional evaluation hashes them, scaled to 0–99 by its high bits. The
// hash is checked against the reference implementation's published values.
func TestBucketIsMurmur3OfFlagAndKey(t *testing.T) {
	for _, c := range []struct {
		in   string
		want uint32
	}{
		{"", 0},
		{"hello", 0x248bfa47},
		{"The quick brown fox jumps over the lazy dog", 0x2e4ff723},
	} {
		if got := flags.Murmur3([]byte(c.in)); got != c.want {
			t.Errorf("murmur3(%q) = %#x, want %#x", c.in, got, c.want)
		}
	}
	h := flags.Murmur3([]byte("new-checkout" + "user-42"))
	if got, want := flags.Bucket("new-checkout", "user-42"), int(uint64(h)*100>>32); got != want {
		t.Errorf("Bucket = %d, want %d", got, want)
	}
}
