package federation_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/go-fed/activity/streams"

	"github.com/gather-coop/gather/federation"
)

// BenchmarkDecodeActivity measures the inbox envelope on a Mastodon-sized
// Create{Note}; BenchmarkGoFedToType the go-fed parse it keeps off the
// request path.
func BenchmarkDecodeActivity(b *testing.B) {
	body := readTestdata(b, "gotosocial/reply-public.json")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := federation.DecodeActivity(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGoFedToType(b *testing.B) {
	body := readTestdata(b, "gotosocial/reply-public.json")
	b.ReportAllocs()
	for b.Loop() {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			b.Fatal(err)
		}
		if _, err := streams.ToType(context.Background(), m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkActorJSON(b *testing.B) {
	a := coopActor()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := federation.ActorJSON(a); err != nil {
			b.Fatal(err)
		}
	}
}
