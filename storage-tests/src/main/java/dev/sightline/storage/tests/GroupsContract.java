package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.StorageTestSupport.assertSummaries;
import static dev.sightline.storage.tests.TestRows.MINUTE;
import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;

import dev.sightline.core.storage.GroupQuery.GroupBy;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.GroupSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sessions and users: totals over their traces, the latest user name, most recently active first
 * (ties by id, descending too), with traces bounded by start time.
 */
public interface GroupsContract extends StorageTestSupport {

  private List<GroupSummary> groups(GroupBy by, Long from, Long to, int limit) {
    return walk(limit, after -> storage().groups(new GroupQuery(P1, by, from, to, limit, after)));
  }

  @Test
  default void sessionsSumTheirTracesAndComeMostRecentFirst() {
    write(
        trace(P1, traceId(1)).session("sess-a").start(T0 + MINUTE).status("success").errorCount(0L)
            .tokens(100, 20).cost(0.01).build(),
        trace(P1, traceId(2)).session("sess-a").firstSpanStart(T0 + 5 * MINUTE).errorCount(1L)
            .tokens(200, 40).cost(0.02).build(),
        trace(P1, traceId(3)).session("sess-a").start(T0 + 3 * MINUTE).status("failure").build(),
        trace(P1, traceId(4)).session("sess-a").name("no start yet").build(),
        trace(P1, traceId(5)).session("sess-b").start(T0 + 2 * MINUTE).tokens(10, 5).cost(0.005).build(),
        trace(P1, traceId(6)).session("sess-c").start(T0 + 5 * MINUTE).user("user-1", "Ada").build(),
        trace(P1, traceId(7)).start(T0 + 9 * MINUTE).tokens(1, 1).build());

    GroupSummary a = new GroupSummary("sess-a", null, 4, 2, T0 + MINUTE, T0 + 5 * MINUTE, 300, 60, 360, 0.03);
    GroupSummary b = new GroupSummary("sess-b", null, 1, 0, T0 + 2 * MINUTE, T0 + 2 * MINUTE, 10, 5, 15, 0.005);
    GroupSummary c = new GroupSummary("sess-c", null, 1, 0, T0 + 5 * MINUTE, T0 + 5 * MINUTE, 0, 0, 0, 0);
    for (int limit : List.of(1, 2, 1000)) {
      assertSummaries(groups(GroupBy.SESSION, null, null, limit), c, a, b);
    }
    GroupSummary aBetween = new GroupSummary("sess-a", null, 1, 1, T0 + 3 * MINUTE, T0 + 3 * MINUTE, 0, 0, 0, 0);
    assertSummaries(groups(GroupBy.SESSION, T0 + 2 * MINUTE, T0 + 5 * MINUTE, 10), aBetween, b);
  }

  /** A user's name is the latest one given: of the latest-starting trace with a name. */
  @Test
  default void usersCarryTheirLatestName() {
    write(
        trace(P1, traceId(1)).user("user-1", "Ada").start(T0 + MINUTE).cost(0.25).build(),
        trace(P1, traceId(2)).user("user-1", "Ada Lovelace").start(T0 + 2 * MINUTE).status("failure").build(),
        trace(P1, traceId(3)).user("user-1", null).start(T0 + 3 * MINUTE).tokens(7, 3).build(),
        trace(P1, traceId(4)).user("user-2", null).start(T0).build(),
        trace(P1, traceId(5)).user("user-3", "Bob").start(T0 + 4 * MINUTE).build(),
        trace(P1, traceId(6)).user("user-3", "Robert").start(T0 + 4 * MINUTE).build(),
        trace(P1, traceId(7)).session("sess-1").start(T0 + 9 * MINUTE).build());

    String tieName = traceId(5).compareTo(traceId(6)) > 0 ? "Bob" : "Robert";
    GroupSummary u1 = new GroupSummary("user-1", "Ada Lovelace", 3, 1, T0 + MINUTE, T0 + 3 * MINUTE, 7, 3, 10, 0.25);
    GroupSummary u2 = new GroupSummary("user-2", null, 1, 0, T0, T0, 0, 0, 0, 0);
    GroupSummary u3 = new GroupSummary("user-3", tieName, 2, 0, T0 + 4 * MINUTE, T0 + 4 * MINUTE, 0, 0, 0, 0);
    for (int limit : List.of(1, 2, 1000)) {
      assertSummaries(groups(GroupBy.USER, null, null, limit), u3, u1, u2);
    }
  }
}
