package dev.eventual.collaboration;

import dev.eventual.support.Api;
import dev.eventual.support.Api.Response;
import dev.eventual.support.Api.User;
import dev.eventual.support.Socket;
import dev.eventual.support.OneNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18.4: a person decides what they join. The owner invites, the invitee hears of it and accepts or declines;
 * nobody else may invite; a no (declined, or left) keeps the same list from inviting again for a while; an invitee
 * has a bounded number of invitations waiting.
 */
class InvitationTest {
  @RegisterExtension
  static final OneNode node = OneNode.with();

  static Response invite(User owner, String listId, User who) {
    return node.api.command(owner, "POST", "/api/lists/" + listId + "/invitations", new JsonObject().put("username", who.username()).encode(),
      "Prefer", "wait=10");
  }

  static Response answer(User who, String listId, String how) {
    return node.api.command(who, "POST", "/api/lists/" + listId + "/invitation/" + how, null, "Prefer", "wait=10");
  }

  @Test
  @DisplayName("200 lists invite one victim in a burst: she is a member of none, 20 wait for her answer, the rest are refused 422")
  void spam() {
    User spammer = node.api.signup(Api.uniqueName("spam"));
    User victim = node.api.signup(Api.uniqueName("victim"));
    Map<String, Integer> answers = new HashMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      String listId = node.api.createList(spammer, "buy now " + i);
      Response r = invite(spammer, listId, victim);
      String key = r.status() + (r.status() == 200 ? "" : " " + r.json().getString("code"));
      answers.merge(key, 1, Integer::sum);
    }
    System.out.printf("200 lists and invitations in %d ms: %s%n", (System.nanoTime() - start) / 1_000_000, answers);
    assertThat(answers).isEqualTo(Map.of("200", 20, "422 too_many_invitations", 180));
    assertThat(node.api.get(victim, "/api/lists").array()).as("she is a member of nothing (of 200 lists before)").isEmpty();
    JsonArray waiting = node.api.get(victim, "/api/invitations").array();
    assertThat(waiting).hasSize(20);
    assertThat(waiting.getJsonObject(0).getString("byName")).isEqualTo(spammer.username());
    String first = waiting.getJsonObject(0).getString("listId");
    assertThat(answer(victim, first, "decline").status()).isEqualTo(200);
    assertThat(node.api.get(victim, "/api/invitations").array()).hasSize(19);
    assertThat(node.api.get(victim, "/api/lists").array()).isEmpty();
  }

  @Test
  @DisplayName("only the owner invites: a member gets 403, a stranger 404 as for no list, and nobody is invited")
  void onlyTheOwner() {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User bob = node.api.signup(Api.uniqueName("bob"));
    User cat = node.api.signup(Api.uniqueName("cat"));
    User eve = node.api.signup(Api.uniqueName("eve"));
    String listId = node.api.createList(ana, "home");
    assertThat(node.api.share(ana, listId, bob).status()).isEqualTo(200);
    Response byMember = invite(bob, listId, cat);
    assertThat(byMember.status()).as("a member inviting (it added cat at once before)").isEqualTo(403);
    assertThat(byMember.json().getString("code")).isEqualTo("forbidden");
    Response byStranger = invite(eve, listId, cat);
    assertThat(byStranger.status()).isEqualTo(404);
    assertThat(byStranger.json().getString("code")).isEqualTo("not_found");
    assertThat(node.api.get(cat, "/api/invitations").array()).isEmpty();
    assertThat(node.api.get(ana, "/api/lists/" + listId).json().getJsonArray("members")).hasSize(2);
    Response direct = node.api.command(ana, "POST", "/api/lists/" + listId + "/members", new JsonObject().put("username", cat.username()).encode());
    assertThat(direct.status()).as("adding a member directly, without consent, is no route: only DELETE is there").isEqualTo(405);
    Response uninvited = answer(cat, listId, "accept");
    assertThat(uninvited.status()).as("accepting what nobody sent").isEqualTo(404);
    assertThat(node.api.get(cat, "/api/lists").array()).isEmpty();
  }

  @Test
  @DisplayName("a decline, or a leave, keeps the list from inviting again for 24 h: 422 not_again_yet, told when; twice is 409 invited")
  void noMeansNotAgainSoon() {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User bob = node.api.signup(Api.uniqueName("bob"));
    User cat = node.api.signup(Api.uniqueName("cat"));
    String listId = node.api.createList(ana, "party");
    assertThat(invite(ana, listId, bob).status()).isEqualTo(200);
    Response twice = invite(ana, listId, bob);
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.json().getString("code")).isEqualTo("invited");
    assertThat(answer(bob, listId, "decline").status()).isEqualTo(200);
    Response again = invite(ana, listId, bob);
    assertThat(again.status()).as("re-invited at once after a decline before").isEqualTo(422);
    assertThat(again.json().getString("code")).isEqualTo("not_again_yet");
    assertThat(again.json().getString("detail")).contains("said no to this list once").contains("again after");
    assertThat(node.api.get(bob, "/api/invitations").array()).isEmpty();
    assertThat(answer(bob, listId, "accept").status()).as("a declined invitation cannot be accepted").isEqualTo(404);

    assertThat(node.api.share(ana, listId, cat).status()).isEqualTo(200);
    assertThat(node.api.command(cat, "DELETE", "/api/lists/" + listId + "/members/" + cat.userId(), null, "Prefer", "wait=10").status())
      .isEqualTo(200);
    Response back = invite(ana, listId, cat);
    assertThat(back.status()).as("re-added at once after leaving before").isEqualTo(422);
    assertThat(back.json().getString("code")).isEqualTo("not_again_yet");
    assertThat(node.api.get(cat, "/api/lists").array()).isEmpty();
  }

  @Test
  @DisplayName("an invitation is pushed to the invitee with the list's name; accepting makes her a member and is pushed to the list")
  void acceptPushes() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User bob = node.api.signup(Api.uniqueName("bob"));
    String listId = node.api.createList(ana, "groceries");
    try (Socket bobs = node.app.socket(bob.cookie()); Socket anas = node.app.socket(ana.cookie())) {
      assertThat(bobs.register("user." + bob.userId()).getString("type")).isEqualTo("registered");
      assertThat(anas.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
      assertThat(invite(ana, listId, bob).status()).isEqualTo(200);
      JsonObject invited = bobs.nextMessage(10);
      assertThat(invited.getString("action")).isEqualTo("member-invite");
      assertThat(invited.getString("actorName")).isEqualTo(ana.username());
      assertThat(invited.getJsonObject("payload")).isEqualTo(new JsonObject().put("userId", bob.userId())
        .put("username", bob.username()).put("name", "groceries"));
      assertThat(anas.nextMessage(10).getString("action")).isEqualTo("member-invite");
      assertThat(node.api.get(bob, "/api/lists/" + listId).status()).as("an invitee reads nothing of the list yet").isEqualTo(404);
      JsonArray waiting = node.api.get(bob, "/api/invitations").array();
      assertThat(waiting).hasSize(1);
      assertThat(waiting.getJsonObject(0).getString("name")).isEqualTo("groceries");
      assertThat(node.api.get(ana, "/api/lists/" + listId).json().getJsonArray("invited").getJsonObject(0).getString("username"))
        .isEqualTo(bob.username());

      Response accepted = answer(bob, listId, "accept");
      assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
      assertThat(accepted.json().getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("userId")))
        .containsExactly(ana.userId(), bob.userId());
      for (Socket s : new Socket[] {bobs, anas}) {
        JsonObject joined = s.nextMessage(10);
        assertThat(joined.getString("action")).isEqualTo("invitation-accept");
        assertThat(joined.getJsonObject("payload").getString("userId")).isEqualTo(bob.userId());
      }
      assertThat(node.api.get(bob, "/api/invitations").array()).isEmpty();
      assertThat(node.api.get(bob, "/api/lists").array()).hasSize(1);
      assertThat(node.api.get(ana, "/api/lists/" + listId).json().containsKey("invited")).isFalse();
      assertThat(answer(bob, listId, "accept").status()).as("accepted once").isEqualTo(404);
    }
  }
}
