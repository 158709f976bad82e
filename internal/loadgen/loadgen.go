// Package loadgen sends steady HTTP traffic to a URL on this machine and counts what came back:
// the live traffic of the demo and of the router benchmarks.
package loadgen

import (
	"context"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Stats is what the generator saw, by the responding version (the X-Version header).
type Stats struct {
	Sent       int64            `json:"sent"`
	OK         int64            `json:"ok"`
	Status5xx  int64            `json:"status_5xx"`
	OtherFail  int64            `json:"other_failures"`
	ConnErrors int64            `json:"connection_errors"`
	ByVersion  map[string]int64 `json:"by_version"`
	Failed5xx  map[string]int64 `json:"failed_by_version"`
	Elapsed    time.Duration    `json:"elapsed_ns"`
	// P50 and P99 are the client-side latencies of successful requests.
	P50 time.Duration `json:"p50_ns"`
	P99 time.Duration `json:"p99_ns"`
}

// Failed counts every request that did not succeed.
func (s Stats) Failed() int64 { return s.Status5xx + s.OtherFail + s.ConnErrors }

// Gen is a running generator.
type Gen struct {
	cancel context.CancelFunc
	wg     sync.WaitGroup
	start  time.Time

	mu  sync.Mutex
	st  Stats
	lat []time.Duration
}

// Start sends rate GET requests per second to url until Stop. At most 256 are in flight.
func Start(url string, rate int) *Gen { return StartRoundRobin([]string{url}, rate) }

// StartRoundRobin sends rate GET requests per second to urls in turn until Stop (at least one
// url). At most 256 are in flight.
func StartRoundRobin(urls []string, rate int) *Gen {
	ctx, cancel := context.WithCancel(context.Background())
	g := &Gen{cancel: cancel, start: time.Now(), st: Stats{ByVersion: map[string]int64{}, Failed5xx: map[string]int64{}}}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}}
	sem := make(chan struct{}, 256)
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		interval := time.Second / time.Duration(rate)
		next := time.Now()
		for i := 0; ; i++ {
			url := urls[i%len(urls)]
			next = next.Add(interval)
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Until(next)):
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			g.wg.Add(1)
			go func() {
				defer func() { <-sem; g.wg.Done() }()
				g.one(client, url)
			}()
		}
	}()
	return g
}

func (g *Gen) one(client *http.Client, url string) {
	t0 := time.Now()
	resp, err := client.Get(url)
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	took := time.Since(t0)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.st.Sent++
	if err != nil {
		g.st.ConnErrors++
		return
	}
	v := resp.Header.Get("X-Version")
	g.st.ByVersion[v]++
	switch {
	case resp.StatusCode < 400:
		g.st.OK++
		g.lat = append(g.lat, took)
	case resp.StatusCode >= 500:
		g.st.Status5xx++
		g.st.Failed5xx[v]++
	default:
		g.st.OtherFail++
	}
}

// Snapshot returns the counts so far.
func (g *Gen) Snapshot() Stats {
	g.mu.Lock()
	defer g.mu.Unlock()
	s := g.st
	s.ByVersion, s.Failed5xx = map[string]int64{}, map[string]int64{}
	for k, v := range g.st.ByVersion {
		s.ByVersion[k] = v
	}
	for k, v := range g.st.Failed5xx {
		s.Failed5xx[k] = v
	}
	s.Elapsed = time.Since(g.start)
	if n := len(g.lat); n > 0 {
		l := append([]time.Duration(nil), g.lat...)
		slices.Sort(l)
		s.P50, s.P99 = l[(n-1)/2], l[(n*99-1)/100]
	}
	return s
}

// Stop stops sending, waits for the requests in flight and returns the counts.
func (g *Gen) Stop() Stats {
	g.cancel()
	g.wg.Wait()
	return g.Snapshot()
}
