package analysis

import (
	"math/rand/v2"
	"testing"
)

func TestBakeUpperBound(t *testing.T) {
	if p := upperBound(10, 1000, 0.005); p < 0.018 || p > 0.03 {
		t.Errorf("upper bound of 10/1000 at 99.5%%: %g", p)
	}
	if p := upperBound(0, 1000, 0.005); p < 0.004 || p > 0.007 {
		t.Errorf("upper bound of 0/1000: %g", p)
	}
}

func TestBakeFalseAlarmsAndPower(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	errs := func(n int64, p float64) int64 {
		var k int64
		for range n {
			if rng.Float64() < p {
				k++
			}
		}
		return k
	}
	sim := func(p float64) (alarms int, within60 int) {
		const runs = 300
		for range runs {
			base := Sample{Requests: 20000}
			base.Errors = errs(base.Requests, 0.01)
			w := newBakeWatch(base, 0.01)
			var cur Sample
			for s := 1; s <= 300; s++ {
				cur.Requests += 100
				cur.Errors += errs(100, p)
				if w.look(cur, false).Outcome == Fail {
					alarms++
					if s <= 60 {
						within60++
					}
					break
				}
			}
		}
		return alarms, within60
	}
	if a, _ := sim(0.01); a > 8 { // budget 1 % of 300 plus three standard errors
		t.Errorf("the same error rate as recorded rolled back %d of 300 bakes", a)
	}
	if _, c := sim(0.03); c < 285 {
		t.Errorf("3× the recorded error rate caught within 60 s in %d of 300 bakes", c)
	}
}
