package loadgen

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestCountsByVersionAndStatus(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Version", "v1")
		if n.Add(1)%4 == 0 {
			w.WriteHeader(500)
		}
	}))
	defer srv.Close()
	g := Start(srv.URL, 200)
	time.Sleep(500 * time.Millisecond)
	s := g.Stop()
	if s.Sent < 60 || s.Sent > 140 {
		t.Errorf("sent %d in 0.5s at 200/s", s.Sent)
	}
	if s.Status5xx == 0 || s.Failed5xx["v1"] != s.Status5xx || s.OK+s.Status5xx != s.Sent || s.ByVersion["v1"] != s.Sent {
		t.Errorf("counts %+v", s)
	}
	if s.P50 <= 0 || s.P99 < s.P50 {
		t.Errorf("latencies p50 %s p99 %s", s.P50, s.P99)
	}
	srv.Close()
	g = Start(srv.URL, 100)
	time.Sleep(100 * time.Millisecond)
	if s := g.Stop(); s.ConnErrors == 0 || s.Failed() != s.Sent {
		t.Errorf("closed server: %+v", s)
	}
}
