package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHello(t *testing.T) {
	h := newHandler("v9", 0)
	for _, path := range []string{"/", "/healthz"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, rec.Code)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if !strings.Contains(rec.Body.String(), "v9") || rec.Header().Get("X-Version") != "v9" {
		t.Fatalf("version not reported: %q", rec.Body.String())
	}
}

func TestFailPercent(t *testing.T) {
	h := newHandler("bad", 100)
	fails := 0
	for range 30 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		if rec.Code == http.StatusInternalServerError {
			fails++
		}
	}
	if fails != 20 {
		t.Fatalf("want the first 10 requests to pass and the next 20 to fail, got %d failures", fails)
	}
}
