package remoteevent_test

import (
	"testing"

	"github.com/gather-coop/gather/federation/remoteevent"
)

// BenchmarkRead is the parsing side of importing one event: an envelope,
// the Event, and its HTML sanitised.
//
//	go test ./federation/remoteevent -run '^$' -bench Read -benchmem
func BenchmarkRead(b *testing.B) {
	gather := create(b, "Create", gatherEvent(b))
	for _, bb := range []struct {
		name string
		body []byte
	}{
		{"Gather", gather},
		{"Gancio", readTestdata(b, "gancio-create-event.json")},
		{"Mobilizon", readTestdata(b, "mobilizon-create-event.json")},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.SetBytes(int64(len(bb.body)))
			for b.Loop() {
				if _, err := remoteevent.Read(bb.body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
