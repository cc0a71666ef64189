#include "core/parallel/CommittedUnits.h"

#include <set>
#include <utility>

#include "core/common/Log.h"
#include "core/evaluation/ContentHash.h"
#include "core/parallel/UnitJournal.h"

namespace modescape::parallel {

namespace {

std::string keyOf(const std::string& commandKey, const projection::UnitWork& work) {
    evaluation::ContentHash hash;
    for (const std::string& field :
         {commandKey, work.task, work.key, std::to_string(work.units.size())})
        hash.add(field).add(std::string(1, '\0'));
    return hash.hex();
}

// The key of a computation of rounds: a journal of one never resumes another.
std::string roundsKeyOf(const std::string& commandKey, const std::string& key,
                        std::int64_t rounds) {
    evaluation::ContentHash hash;
    for (const std::string& field :
         {commandKey, std::string("rounds"), key, std::to_string(rounds)})
        hash.add(field).add(std::string(1, '\0'));
    return hash.hex();
}

}  // namespace

projection::UnitSharing committingUnits(
    const projection::UnitSharing& inner, const std::string& journal, const std::string& commandKey,
    UnitCommits& commits,
    std::function<void(std::int64_t units, const std::string& words)> resumed) {
    // Everything else of the inner sharing is kept (the collector's sums and
    // broadcasts the randomized PCA's passes use): only `share` is wrapped.
    projection::UnitSharing sharing = inner;
    sharing.share = [inner, journal, commandKey, &commits, resumed](
                        const projection::UnitWork& work, const JobContext& job) {
        // Only a work that says what its results depend on is committed (see
        // UnitWork::key): the randomized PCA's passes share their units'
        // numbers, and pass 2 must never be served pass 1's results.
        if (journal.empty() || work.units.empty())
            return inner.run(work, job);
        if (work.key.empty()) {
            // Counted all the same: a computation of rounds reports its units.
            projection::UnitWork counted = work;
            counted.take = [&](const std::vector<std::int64_t>& units, const std::string& payload) {
                work.take(units, payload);
                commits.computed += static_cast<std::int64_t>(units.size());
            };
            return inner.run(counted, job);
        }
        const std::string key = keyOf(commandKey, work);
        const auto count = static_cast<std::int64_t>(work.units.size());
        const UnitJournalContents kept = readUnitJournal(journal, key, count);
        if (kept.state == UnitJournalContents::State::OtherKey)
            log::warning(journal + ": left by a run with other settings, another set or other " +
                         work.unitWords + "; starting afresh");
        // Committed units first, in the order they were committed.
        std::set<std::int64_t> done;
        for (const JournaledChunk& chunk : kept.chunks) {
            work.take(chunk.units, chunk.payload);
            done.insert(chunk.units.begin(), chunk.units.end());
        }
        commits.used = true;
        commits.resumed += static_cast<std::int64_t>(done.size());
        if (!done.empty() && resumed)
            resumed(static_cast<std::int64_t>(done.size()), work.unitWords);

        UnitJournal out(journal, key,
                        kept.state == UnitJournalContents::State::Ours ? kept.wholeBytes : 0);
        projection::UnitWork rest = work;
        rest.units.clear();
        for (const std::int64_t unit : work.units)
            if (!done.count(unit))
                rest.units.push_back(unit);
        // Folded in, then committed: a unit is lost only while in flight.
        rest.take = [&](const std::vector<std::int64_t>& units, const std::string& payload) {
            work.take(units, payload);
            out.append(units, payload);
            commits.computed += static_cast<std::int64_t>(units.size());
        };
        return inner.run(rest, job);
    };
    if (journal.empty())
        return sharing;
    // Rounds: the journal holds one record, the last finished round's state,
    // replaced whole (atomically) by the next round's.
    sharing.lastRound = [journal, commandKey, &commits, resumed](
                            const std::string& key, std::int64_t rounds, const std::string& words) {
        std::pair<std::int64_t, std::string> last{-1, std::string()};
        UnitJournalContents kept =
            readUnitJournal(journal, roundsKeyOf(commandKey, key, rounds), rounds);
        if (kept.state == UnitJournalContents::State::OtherKey)
            log::warning(journal +
                         ": left by a run with other settings or another set; starting "
                         "the " +
                         words + " afresh");
        for (JournaledChunk& chunk : kept.chunks)  // one record, as committed
            if (chunk.units.size() == 1 && chunk.units[0] > last.first)
                last = {chunk.units[0], std::move(chunk.payload)};
        if (last.first >= 0) {
            commits.used = true;
            commits.resumed += last.first + 1;
            if (resumed)
                resumed(last.first + 1, words);
        }
        return last;
    };
    sharing.commitRound = [journal, commandKey, &commits](const std::string& key,
                                                          std::int64_t rounds, std::int64_t round,
                                                          const std::string& state) {
        replaceUnitJournal(journal, roundsKeyOf(commandKey, key, rounds), {round}, state);
        commits.used = true;
    };
    return sharing;
}

}  // namespace modescape::parallel
