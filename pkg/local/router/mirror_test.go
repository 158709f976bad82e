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
