package shadowproxy

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// start runs the proxy in front of app on a real listener, as `greenlight shadow-proxy` does in
// the shadow's pod, and returns its URL.
func start(t *testing.T, app *httptest.Server, cfg Config) string {
	t.Helper()
	cfg.To = app.Listener.Addr().String()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, ln, cfg) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// Issue 26: on Kubernetes a mirrored request carried no per-request marker. Every request the
// proxy forwards carries exactly Greenlight-Shadow: 1, whatever the client sent (nothing, 0, a
// 1, two values, another spelling of the name); the method, path, query, Host, headers, body,
// and the app's status, headers and body pass through unchanged.
func TestEveryForwardedRequestCarriesTheMarker(t *testing.T) {
	type seen struct {
		marker       []string
		method, uri  string
		host, custom string
		body         string
	}
	got := make(chan seen, 16)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- seen{r.Header.Values(Header), r.Method, r.RequestURI, r.Host, r.Header.Get("X-Custom"), string(b)}
		w.Header().Set("X-App", "yes")
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "from the app: "+r.URL.Path)
	}))
	defer app.Close()
	proxy := start(t, app, Config{})
	for _, c := range []struct {
		name   string
		method string
		sent   []string // the client's Greenlight-Shadow values
		raw    string   // the header's name as the client spells it
		body   string
	}{
		{"no marker", "GET", nil, Header, ""},
		{"a client's 0", "GET", []string{"0"}, Header, ""},
		{"a client's 1", "HEAD", []string{"1"}, Header, ""},
		{"two values", "OPTIONS", []string{"0", "1"}, Header, ""},
		{"lower case", "GET", []string{"0"}, "greenlight-shadow", ""},
		{"a body", "POST", []string{"0"}, Header, "order=1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest(c.method, proxy+"/api/orders?id=7", strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Host = "shop.example-shadow"
			req.Header.Set("X-Custom", "kept")
			if c.sent != nil {
				req.Header[c.raw] = c.sent
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			s := <-got
			if len(s.marker) != 1 || s.marker[0] != "1" {
				t.Errorf("the app got Greenlight-Shadow %q, want exactly [1]", s.marker)
			}
			if s.method != c.method || s.uri != "/api/orders?id=7" || s.host != "shop.example-shadow" || s.custom != "kept" || s.body != c.body {
				t.Errorf("the app got %+v", s)
			}
			if resp.StatusCode != http.StatusTeapot || resp.Header.Get("X-App") != "yes" {
				t.Errorf("the client got %d %v", resp.StatusCode, resp.Header)
			}
			if want := "from the app: /api/orders"; c.method != "HEAD" && string(body) != want {
				t.Errorf("the client got body %q, want %q", body, want)
			}
		})
	}
}

// Every forward is bounded: an app that does not answer is given up on after Timeout (504), and
// past MaxInFlight requests are refused at once (503), never queued.
func TestTheProxyIsBounded(t *testing.T) {
	release := make(chan struct{})
	arrived := make(chan struct{}, 4)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer app.Close()
	defer close(release)
	proxy := start(t, app, Config{Timeout: 200 * time.Millisecond, MaxInFlight: 1})
	resp, err := http.Get(proxy + "/slow")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusGatewayTimeout {
		t.Errorf("an app that never answers: %d, want 504", resp.StatusCode)
	}
	<-arrived

	// One request holds the only slot (a long timeout now, so that it stays); the next is
	// refused without waiting.
	proxy = start(t, app, Config{Timeout: time.Hour, MaxInFlight: 1})
	first := make(chan error, 1)
	go func() {
		resp, err := http.Get(proxy + "/held")
		if err == nil {
			resp.Body.Close()
		}
		first <- err
	}()
	<-arrived
	resp, err = http.Get(proxy + "/next")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("over MaxInFlight: %d, want 503", resp.StatusCode)
	}
	release <- struct{}{}
	if err := <-first; err != nil {
		t.Errorf("the held request: %v", err)
	}
}

// An app that is not there is a 502, and a missing or malformed address is refused at start.
func TestTheProxyFailsClosed(t *testing.T) {
	app := httptest.NewServer(http.NotFoundHandler())
	proxy := start(t, app, Config{})
	app.Close()
	resp, err := http.Get(proxy + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway {
		t.Errorf("no app: %d, want 502", resp.StatusCode)
	}
	for _, to := range []string{"", "8080", "http://127.0.0.1:8080"} {
		if _, err := New(Config{To: to}); err == nil {
			t.Errorf("To %q accepted", to)
		}
	}
}
