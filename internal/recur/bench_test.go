package recur_test

import (
	"testing"
	"time"
)

// BenchmarkNextThree is what filling a series' window ahead costs: the
// next three of a weekly rule begun ten years before, expanded from its
// first start.
func BenchmarkNextThree(b *testing.B) {
	s := schedule(&testing.T{}, `{"start":"2027-01-04T19:30","freq":"weekly","weekdays":["MO","TH"],"skip":["2027-01-07"]}`,
		"Europe/London", time.Hour)
	now := time.Date(2037, 1, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		if got := s.Next(now, 3); len(got) != 3 {
			b.Fatal(got)
		}
	}
}
