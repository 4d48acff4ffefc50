package admin_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/server/servertest"
	"github.com/gather-coop/gather/internal/store"
)

// BenchmarkAdminPages measures the admin's heaviest pages on SQLite: the
// sign-ups of a gathering with ten sessions and 400 answers (a hundred
// of them waiting), its editor and its schedule builder, against the
// password page, which reads nothing but the session, as the baseline.
//
//	go test -run '^$' -bench AdminPages -benchtime 2s ./internal/web/admin/
func BenchmarkAdminPages(b *testing.B) {
	inst := servertest.Start(b, "sqlite")
	ctx := b.Context()
	hash, err := bcrypt.GenerateFromPassword([]byte(password("ada")), bcrypt.MinCost)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := inst.Store.UserCreate(ctx, &store.UserCreateParams{Username: "ada", PasswordHash: string(hash),
		Role: model.RoleAdmin, CreatedAt: time.Now()}); err != nil {
		b.Fatal(err)
	}
	in := &app.GatheringInput{}
	exampleInput(in)
	in.StartsAt, in.EndsAt = "2030-03-27T10:00", "2030-03-28T12:00"
	ref, err := inst.App.CreateGathering(ctx, "events", in, true)
	if err != nil {
		b.Fatal(err)
	}
	var sessions []int64
	for i := range 10 {
		room := []string{"Main room", "Small room"}[i%2]
		s, err := inst.App.AddSession(ctx, ref.ID, &app.SessionInput{Title: fmt.Sprintf("Session %d", i), Kind: "workshop",
			StartsAt: fmt.Sprintf("2030-03-27T%02d:00", 10+i/2), EndsAt: fmt.Sprintf("2030-03-27T%02d:00", 11+i/2), Room: &room})
		if err != nil {
			b.Fatal(err)
		}
		sessions = append(sessions, s.ID)
	}
	for i := range 400 {
		uri := fmt.Sprintf("https://127.0.0.1:1/users/p%d", i)
		p, err := inst.Store.RemoteActorUpsert(ctx, &model.RemoteActor{URI: uri, Host: "127.0.0.1:1", Domain: "127.0.0.1",
			Username: fmt.Sprintf("p%d", i), Name: fmt.Sprintf("Person %d", i), Inbox: uri + "/inbox", KeyID: uri + "#key",
			PublicKeyPEM: "x", FetchedAt: time.Now()})
		if err != nil {
			b.Fatal(err)
		}
		// 40 answers a session: the small room's 15 places fill, and
		// its sessions get a waitlist.
		sid := sessions[i%10]
		if _, err := inst.App.RSVP(ctx, app.RSVPRequest{GatheringID: ref.ID, SessionID: &sid, Person: &p,
			Intent: app.IntentGoing, Channel: model.ChannelReply, ActivityURI: uri + "/notes/1"}); err != nil {
			b.Fatal(err)
		}
	}

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	res, err := client.PostForm(inst.Base+"/admin/sign-in", url.Values{"username": {"ada"}, "password": {password("ada")}})
	if err != nil || res.StatusCode != http.StatusOK {
		b.Fatalf("sign in: %v %v", err, res)
	}
	res.Body.Close()
	gathering := "/admin/gatherings/" + strconv.FormatInt(ref.ID, 10)
	for _, page := range []struct{ name, path string }{
		{"baseline-password", "/admin/password"},
		{"signups-400", gathering + "/signups"},
		{"editor", gathering},
		{"schedule", gathering + "/schedule"},
		{"dashboard", "/admin"},
	} {
		b.Run(page.name, func(b *testing.B) {
			for b.Loop() {
				res, err := client.Get(inst.Base + page.path)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", page.path, res.StatusCode)
				}
			}
		})
	}
}
