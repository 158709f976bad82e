// Package slack is Greenlight's Slack side: the bot's request verification and command parser
// (more to come: the release thread, approvals, Socket Mode).
package slack

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// MaxAge is how old a request's timestamp may be (Slack's own advice: five minutes).
const MaxAge = 5 * time.Minute

// Verifier checks that requests come from Slack: the v0 signature over the timestamp and the
// body with the app's signing secret, compared in constant time; a timestamp older than MaxAge
// (or as far in the future) is refused, and so is a signature already seen within MaxAge (a
// replay).
type Verifier struct {
	secret []byte
	now    func() time.Time

	mu   sync.Mutex
	seen map[string]time.Time
}

// NewVerifier returns a verifier for the app's signing secret.
func NewVerifier(signingSecret string) (*Verifier, error) {
	if signingSecret == "" {
		return nil, errors.New("no Slack signing secret: copy it from the app's Basic Information page into SLACK_SIGNING_SECRET")
	}
	return &Verifier{secret: []byte(signingSecret), now: time.Now, seen: map[string]time.Time{}}, nil
}

// Sign computes the signature Slack sends for body at ts (tests and tools use it).
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// Check verifies one request's headers against its body.
func (v *Verifier) Check(h http.Header, body []byte) error {
	tsText, sig := h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature")
	if tsText == "" || sig == "" {
		return errors.New("missing X-Slack-Request-Timestamp or X-Slack-Signature")
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return errors.New("invalid timestamp")
	}
	now := v.now()
	if age := now.Sub(time.Unix(ts, 0)); age > MaxAge || age < -MaxAge {
		return fmt.Errorf("stale request: timestamp is %s from now", age.Round(time.Second))
	}
	want := Sign(string(v.secret), ts, body)
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return errors.New("invalid signature")
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	for s, t := range v.seen {
		if now.Sub(t) > 2*MaxAge {
			delete(v.seen, s)
		}
	}
	if _, dup := v.seen[sig]; dup {
		return errors.New("replayed request")
	}
	v.seen[sig] = now
	return nil
}

// Middleware answers 401 to any request that does not verify, before next sees it; next gets
// the body intact. Bodies over 1 MiB get 413, and a body that stops arriving (the connection's
// read deadline passes) 408.
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		var tooBig *http.MaxBytesError
		var nerr net.Error
		switch {
		case errors.As(err, &tooBig):
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		case errors.As(err, &nerr) && nerr.Timeout():
			w.Header().Set("Connection", "close")
			http.Error(w, "request body not received in time", http.StatusRequestTimeout)
			return
		case err != nil:
			http.Error(w, "unreadable request body", http.StatusBadRequest)
			return
		}
		if err := v.Check(r.Header, body); err != nil {
			http.Error(w, "unauthorized: "+err.Error(), http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}
