package router

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A dark launch: every request is copied to the shadow, which fails; clients only ever see the
// stable version's answers, and the shadow's failures are counted against it alone.
func TestMirrorDiscardsShadowResponses(t *testing.T) {
	r := New()
	var shadowSaw atomic.Int64
	shadow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Header.Get(ShadowHeader) == "1" && req.URL.RawQuery == "q=1" {
			shadowSaw.Add(1)
		}
		time.Sleep(2 * time.Millisecond)
		http.Error(w, "shadow broken", 500)
	}))
	defer shadow.Close()
	r.Add("a", backendServer(t, "a", 0, 200).URL)
	r.Add("b", shadow.URL)
	if err := r.SetWeights(map[string]int{"a": 100}); err != nil {
		t.Fatal(err)
	}
	if err := r.SetMirror("b", 100); err != nil {
		t.Fatal(err)
	}
	for range 200 {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/path?q=1", nil))
		if rec.Code != 200 || rec.Body.String() != "a" {
			t.Fatalf("client got %d %q: a mirrored response leaked", rec.Code, rec.Body.String())
		}
	}
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x=1")))
	_, pct, sent, skipped := r.Mirrored()
	if pct != 100 || sent != 200 || skipped != 1 {
		t.Fatalf("mirror: %d%% sent %d skipped %d; a POST must never be mirrored", pct, sent, skipped)
	}
	r.Close() // waits for the mirrored requests
	wa, _ := r.Sample("a", time.Time{})
	wb, _ := r.Sample("b", time.Time{})
	if wa.Requests != 201 || wa.Errors != 0 || wb.Requests != 200 || wb.Errors != 200 || shadowSaw.Load() != 200 {
		t.Fatalf("a %+v, b %+v, shadow saw %d", wa, wb, shadowSaw.Load())
	}
	if wb.P50 < time.Millisecond {
		t.Fatalf("shadow latency not measured: %+v", wb)
	}
}

func TestMirrorRefusals(t *testing.T) {
	r := New()
	r.Add("a", backendServer(t, "a", 0, 200).URL)
	r.Add("b", backendServer(t, "b", 0, 200).URL)
	r.SetWeights(map[string]int{"a": 100})
	if err := r.SetMirror("a", 10); err == nil || !strings.Contains(err.Error(), "takes 100% of traffic") {
		t.Fatalf("mirror to a serving version: %v", err)
	}
	if err := r.SetMirror("zz", 10); err == nil {
		t.Fatal("mirror to an unknown version")
	}
	if err := r.SetMirror("b", 101); err == nil {
		t.Fatal("101%")
	}
	r.SetMirror("b", 50)
	if err := r.Remove(t.Context(), "b"); err != nil {
		t.Fatal(err)
	}
	if id, _, _, _ := r.Mirrored(); id != "" {
		t.Fatalf("a removed version is still mirrored to: %s", id)
	}
}

// Per-variant counts come from the version's Greenlight-Flag-<name> header, which clients never see.
func TestVariantCounts(t *testing.T) {
	r := New()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		i := n.Add(1)
		if i%4 == 0 {
			w.Header().Set("Greenlight-Flag-new-checkout", "on")
			w.Header().Set("Greenlight-Flag-untracked", "on")
			http.Error(w, "new checkout broken", 500)
			return
		}
		w.Header().Set("Greenlight-Flag-New-Checkout", "off")
		w.Header().Set("Greenlight-Flag-Junk", fmt.Sprint(i)) // untracked: never counted
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	r.Add("a", srv.URL)
	r.SetWeights(map[string]int{"a": 100})
	if err := r.TrackFlag("new-checkout"); err != nil {
		t.Fatal(err)
	}
	if err := r.TrackFlag("bad name"); err == nil {
		t.Fatal("a flag name with a space")
	}
	for range 400 {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		for k := range rec.Header() {
			if strings.HasPrefix(k, FlagHeaderPrefix) {
				t.Fatalf("client saw %s", k)
			}
		}
	}
	on, _ := r.SampleVariant("new-checkout", "on", time.Time{})
	off, _ := r.SampleVariant("New-Checkout", "off", time.Time{})
	if on.Requests != 100 || on.Errors != 100 || off.Requests != 300 || off.Errors != 0 {
		t.Fatalf("on %+v off %+v", on, off)
	}
	if _, err := r.SampleVariant("untracked", "on", time.Time{}); err == nil {
		t.Fatal("an untracked flag has counts")
	}
}

// The shadow marker is the router's to set: a client that sends Greenlight-Shadow: 1 on live
// traffic does not reach the serving version with it (a service that skips mail and payments
// on the marker would otherwise skip them for a real request when a client asks), while the
// mirrored copy still carries it (issue 26, defect 2).
func TestClientCannotSendTheShadowMarker(t *testing.T) {
	r := New()
	var liveMarked, liveSeen, shadowMarked, shadowSeen atomic.Int64
	live := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		liveSeen.Add(1)
		if len(req.Header.Values(ShadowHeader)) > 0 {
			liveMarked.Add(1)
		}
		fmt.Fprint(w, "a")
	}))
	defer live.Close()
	shadow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		shadowSeen.Add(1)
		if v := req.Header.Values(ShadowHeader); len(v) == 1 && v[0] == "1" {
			shadowMarked.Add(1)
		}
	}))
	defer shadow.Close()
	r.Add("a", live.URL)
	r.Add("b", shadow.URL)
	r.SetWeights(map[string]int{"a": 100})
	send := func(method string) {
		req := httptest.NewRequest(method, "/orders", nil)
		req.Header.Set(ShadowHeader, "1")
		req.Header.Add("greenlight-shadow", "true")
		r.ServeHTTP(httptest.NewRecorder(), req)
	}
	for range 20 {
		send(http.MethodPost)
		send(http.MethodGet)
	}
	if err := r.SetMirror("b", 100); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		send(http.MethodPost)
		send(http.MethodGet)
	}
	r.Close()
	if liveSeen.Load() != 80 || liveMarked.Load() != 0 {
		t.Errorf("the live version got the client's shadow marker on %d of %d requests", liveMarked.Load(), liveSeen.Load())
	}
	if shadowSeen.Load() != 20 || shadowMarked.Load() != 20 {
		t.Errorf("the shadow got %d requests (want the 20 GETs), %d with exactly Greenlight-Shadow: 1", shadowSeen.Load(), shadowMarked.Load())
	}
}

// A dark launch compares the shadow with stable on the same requests: the shadow gets only
// GET, HEAD and OPTIONS, so SampleSafe counts only those of stable's; a failing POST on
// stable is in its Sample but not in its SampleSafe.
func TestSampleSafeCountsTheMethodsAMirrorCopies(t *testing.T) {
	r := New()
	stable := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method == http.MethodPost {
			http.Error(w, "write failed", 500)
			return
		}
		fmt.Fprint(w, "a")
	}))
	defer stable.Close()
	r.Add("a", stable.URL)
	r.Add("b", backendServer(t, "b", 0, 200).URL)
	r.SetWeights(map[string]int{"a": 100})
	r.SetMirror("b", 100)
	for range 10 {
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPost, http.MethodPut, http.MethodDelete} {
			r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(m, "/", nil))
		}
	}
	r.Close()
	all, _ := r.Sample("a", time.Time{})
	safe, err := r.SampleSafe("a", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	shadow, _ := r.SampleSafe("b", time.Time{})
	if all.Requests != 60 || all.Errors != 10 || safe.Requests != 30 || safe.Errors != 0 || shadow.Requests != 30 {
		t.Fatalf("stable: all %+v, safe %+v; shadow safe %+v", all, safe, shadow)
	}
	if _, err := r.SampleSafe("zz", time.Time{}); err == nil {
		t.Fatal("an unknown version has a sample")
	}
}
