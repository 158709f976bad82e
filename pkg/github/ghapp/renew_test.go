package ghapp

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
)

// A POST refused with 401 is sent again, body and all, with a newly minted token; a 401 with
// the new token is the answer (one retry, no loop).
func TestRenewingSendsTheBodyAgain(t *testing.T) {
	var mu sync.Mutex
	minted, refuseAll := 0, false
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/access_tokens") {
			minted++
			w.WriteHeader(http.StatusCreated)
			json.NewEncoder(w).Encode(map[string]any{"token": fmt.Sprintf("ghs_%d", minted), "expires_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)})
			return
		}
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, r.Header.Get("Authorization")+" "+string(b))
		if refuseAll || r.Header.Get("Authorization") == "token ghs_1" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	mint := func() (*ghinstallation.Transport, error) {
		itr, err := ghinstallation.New(http.DefaultTransport, 1, 2, pemKey)
		if err == nil {
			itr.BaseURL = srv.URL
		}
		return itr, err
	}
	first, _ := mint()
	c := &http.Client{Transport: &renewing{cur: first, mint: mint}}
	resp, err := c.Post(srv.URL+"/repos/a/b/deployments", "application/json", strings.NewReader(`{"ref":"main"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || minted != 2 || len(bodies) != 2 || bodies[1] != `token ghs_2 {"ref":"main"}` {
		t.Fatalf("status %d, %d minted, requests %q", resp.StatusCode, minted, bodies)
	}
	refuseAll = true
	resp, err = c.Post(srv.URL+"/repos/a/b/deployments", "application/json", strings.NewReader(`{"ref":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || minted != 3 || len(bodies) != 4 {
		t.Fatalf("refused by every token: status %d, %d minted, %d requests; want 401 after one renewal", resp.StatusCode, minted, len(bodies))
	}
}
