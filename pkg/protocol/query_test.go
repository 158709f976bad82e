package protocol

import (
	"context"
	"testing"
)

type testEnv struct{ name string }

type testSource struct{ commit string }

func TestQueryHandlerIsFoundForTheTypesItWasRegisteredWith(t *testing.T) {
	if QueryHandler[*testEnv, testSource]() != nil {
		t.Fatal("a handler before any was registered")
	}
	HandleQueries(func(ctx context.Context, envs []*testEnv, src testSource, q []byte) (any, error) {
		return envs[0].name + "@" + src.commit + ":" + string(q), nil
	})
	h := QueryHandler[*testEnv, testSource]()
	if h == nil {
		t.Fatal("the registered handler is not found")
	}
	if a, err := h(context.Background(), []*testEnv{{"prod"}}, testSource{"abc"}, []byte("q")); err != nil || a != "prod@abc:q" {
		t.Errorf("%v %v", a, err)
	}
	if QueryHandler[testEnv, testSource]() != nil {
		t.Error("a handler found for types it was not registered with")
	}
}
