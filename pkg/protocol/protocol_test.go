package protocol

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"
)

// The validators bound lengths in code; these are the counted patterns they replace, and the
// two must agree on every input.
var (
	countedEnv    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$`)
	countedCommit = regexp.MustCompile(`^[0-9a-f]{7,40}$`)
	countedDigest = regexp.MustCompile(`^(?:[a-z0-9][a-z0-9._/:-]{0,254}@)?sha256:[0-9a-f]{64}$`)
	countedThread = regexp.MustCompile(`^[CGD][A-Z0-9]{2,20}/[0-9]{9,11}\.[0-9]{6}$`)
)

func TestValidatorsKeepTheirBounds(t *testing.T) {
	hex64 := strings.Repeat("a", 64)
	cases := []struct {
		name string
		ok   bool
		got  bool
	}{
		{"env of 63", true, ValidEnvironment(strings.Repeat("e", 63))},
		{"env of 64", false, ValidEnvironment(strings.Repeat("e", 64))},
		{"env starting with a dot", false, ValidEnvironment(".prod")},
		{"commit of 6", false, ValidRef("abcdef")},
		{"commit of 7", true, ValidRef("abcdef0")},
		{"commit of 40", true, ValidRef(strings.Repeat("a", 40))},
		{"commit of 41", false, ValidRef(strings.Repeat("a", 41))},
		{"digest", true, ValidRef("sha256:" + hex64)},
		{"digest of 63", false, ValidRef("sha256:" + hex64[:63])},
		{"digest of 65", false, ValidRef("sha256:" + hex64 + "a")},
		{"repo of 255", true, ValidRef("r" + strings.Repeat("x", 254) + "@sha256:" + hex64)},
		{"repo of 256", false, ValidRef("r" + strings.Repeat("x", 255) + "@sha256:" + hex64)},
		{"two @", false, ValidRef("a@b@sha256:" + hex64)},
		{"thread", true, validThread("C0123ABCD/1700000000.123456")},
		{"thread channel of 2", false, validThread("C0/1700000000.123456")},
		{"thread channel of 21", true, validThread("C" + strings.Repeat("A", 20) + "/1700000000.123456")},
		{"thread channel of 22", false, validThread("C" + strings.Repeat("A", 21) + "/1700000000.123456")},
		{"thread ts of 8 digits", false, validThread("C0123ABCD/17000000.123456")},
		{"thread ts of 12 digits", false, validThread("C0123ABCD/170000000000.123456")},
		{"thread ts fraction of 5", false, validThread("C0123ABCD/1700000000.12345")},
	}
	for _, c := range cases {
		if c.got != c.ok {
			t.Errorf("%s: valid = %v, want %v", c.name, c.got, c.ok)
		}
	}

	// The same answers as the counted patterns on many random inputs near the bounds.
	rng := rand.New(rand.NewSource(7))
	alpha := "abcdef0123456789._-/:@ACDGsha"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alpha[rng.Intn(len(alpha))]
		}
		return string(b)
	}
	for i := 0; i < 20000; i++ {
		var s string
		switch i % 4 {
		case 0:
			s = word(rng.Intn(70))
			if got, want := ValidEnvironment(s), countedEnv.MatchString(s); got != want {
				t.Fatalf("ValidEnvironment(%q) = %v, the counted pattern says %v", s, got, want)
			}
		case 1:
			s = strings.Repeat("a", rng.Intn(50)) + word(rng.Intn(3))
		case 2:
			s = word(rng.Intn(3)) + strings.Repeat("b", 250+rng.Intn(10)) + "@sha256:" + strings.Repeat("c", 62+rng.Intn(4))
		case 3:
			s = "C" + strings.Repeat("B", rng.Intn(24)) + "/" + strings.Repeat("1", 7+rng.Intn(7)) + "." + strings.Repeat("2", 4+rng.Intn(4))
			if got, want := validThread(s), countedThread.MatchString(s); got != want {
				t.Fatalf("validThread(%q) = %v, the counted pattern says %v", s, got, want)
			}
			continue
		}
		if got, want := ValidRef(s), countedCommit.MatchString(s) || countedDigest.MatchString(s); got != want {
			t.Fatalf("ValidRef(%q) = %v, the counted patterns say %v", s, got, want)
		}
	}
}
