package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// BenchNetwork measures the store's side of the network calendar on s, a
// migrated, empty store: importing one event (a new one, a newer copy, a
// redelivery that writes nothing) and listing 500 upcoming events of
// three sources, beside selectOne, a trivial SELECT 1 on the same
// database in the same run, to read the others against.
func BenchNetwork(b *testing.B, s store.Store, selectOne func(ctx context.Context) error) {
	ctx := context.Background()
	us, err := s.ActorCreate(ctx, newActor("north"))
	require.NoError(b, err)
	var sources []model.Source
	for _, host := range []string{"coop-b.test", "coop-c.test", "coop-d.test"} {
		src := &model.Source{ActorID: us.ID, ActorURI: "https://" + host + "/actors/events", Handle: "@events@" + host,
			FollowURI: "https://us.example/follows/" + host, RequestedAt: networkNow}
		id, err := s.SourceCreate(ctx, src)
		require.NoError(b, err)
		require.NoError(b, s.SourceAnswered(ctx, id, model.SourceAccepted, networkNow))
		src.ID = id
		sources = append(sources, *src)
	}
	// 500 upcoming gatherings with two sessions each, and 500 past ones:
	// a year of a busy network.
	description := "<p>" + strings.Repeat("Workshops, talks and a shared lunch. ", 20) + "</p>"
	// As long as one of Gather's Events, @context and all.
	raw := `{"type":"Event","content":"` + description + `","x":"` + strings.Repeat("x", 3200) + `"}`
	require.NoError(b, s.InTx(ctx, func(tx store.Tx) error {
		for i := range 1000 {
			src := sources[i%len(sources)]
			start := networkNow.Add(time.Duration(i-500) * 12 * time.Hour)
			e := remoteEvent(src, i, start)
			e.ContentHTML, e.Raw = description, raw
			if _, err := tx.RemoteEventUpsert(ctx, e); err != nil {
				return err
			}
			for j := range 2 {
				session := remoteEvent(src, 10000+2*i+j, start.Add(time.Duration(j)*time.Hour))
				session.ParentURI = e.ObjectURI
				if _, err := tx.RemoteEventUpsert(ctx, session); err != nil {
					return err
				}
			}
		}
		return nil
	}))

	b.Run("SelectOne", func(b *testing.B) {
		for b.Loop() {
			if err := selectOne(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Upcoming500", func(b *testing.B) {
		for b.Loop() {
			list, err := s.RemoteEventUpcoming(ctx, &store.RemoteEventListParams{After: networkNow, Limit: 500})
			if err != nil || len(list) != 500 {
				b.Fatalf("%d events, %v", len(list), err)
			}
		}
	})
	b.Run("UpsertNew", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			e := remoteEvent(sources[0], 100000+i, networkNow.AddDate(-1, 0, 0))
			e.ContentHTML = description
			if wrote, err := s.RemoteEventUpsert(ctx, e); err != nil || !wrote {
				b.Fatalf("wrote %v: %v", wrote, err)
			}
		}
	})
	e := remoteEvent(sources[0], 0, networkNow.Add(-500*12*time.Hour))
	e.ContentHTML = description
	b.Run("UpsertNewer", func(b *testing.B) {
		for b.Loop() {
			e.Version = ptr(e.Version.Add(time.Second))
			if wrote, err := s.RemoteEventUpsert(ctx, e); err != nil || !wrote {
				b.Fatalf("wrote %v: %v", wrote, err)
			}
		}
	})
	b.Run("UpsertRedelivered", func(b *testing.B) {
		for b.Loop() {
			if wrote, err := s.RemoteEventUpsert(ctx, e); err != nil || wrote {
				b.Fatalf("wrote %v: %v", wrote, err)
			}
		}
	})
}
