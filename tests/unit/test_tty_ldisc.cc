// Tests for core/tty/ldisc.c, the line discipline.  The expected echo and
// read results are what Linux's n_tty gives for the same keys with the
// same termios (checked by typing them into a pty on Linux 6.x).
#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <vector>

#include "tty/ldisc.h"

namespace {

struct Term {
	struct ldisc l;
	std::string echoed;
	std::vector<int> signals;

	static void Emit(void *ctx, const char *s, size_t n) {
		static_cast<Term *>(ctx)->echoed.append(s, n);
	}
	static void Signal(void *ctx, int sig) {
		static_cast<Term *>(ctx)->signals.push_back(sig);
	}
	const struct ldisc_ops ops = { Emit, Signal };

	Term() { ldisc_init(&l, &ops, this); }

	void Type(const std::string &keys) {
		for (unsigned char c : keys)
			ldisc_receive(&l, c);
	}
	std::string Read(size_t n = 4096, bool *eof = nullptr) {
		std::string out(n, '\0');
		bool e = false;
		size_t got = ldisc_read(&l, out.data(), n, &e);
		if (eof)
			*eof = e;
		out.resize(got);
		return out;
	}
	void ClearL(unsigned int f) {
		struct termios t = l.t;
		t.c_lflag &= ~f;
		ldisc_set_termios(&l, &t);
	}
	void ClearI(unsigned int f) {
		struct termios t = l.t;
		t.c_iflag &= ~f;
		ldisc_set_termios(&l, &t);
	}
	void SetI(unsigned int f) {
		struct termios t = l.t;
		t.c_iflag |= f;
		ldisc_set_termios(&l, &t);
	}
};

TEST(Ldisc, CanonicalLineIsReadableOnlyAfterTheNewline) {
	Term t;
	t.Type("abc");
	EXPECT_EQ(ldisc_available(&t.l), 0u);
	EXPECT_EQ(t.Read(), "");
	t.Type("\r");
	EXPECT_GT(ldisc_available(&t.l), 0u);
	EXPECT_EQ(t.Read(), "abc\n");
	EXPECT_EQ(t.echoed, "abc\r\n");
}

TEST(Ldisc, ReadReturnsOneLineAtATime) {
	Term t;
	t.Type("one\ntwo\n");
	EXPECT_EQ(t.Read(), "one\n");
	EXPECT_EQ(t.Read(), "two\n");
	EXPECT_EQ(t.Read(), "");
}

TEST(Ldisc, AShortReadLeavesTheRestOfTheLine) {
	Term t;
	t.Type("abcd\n");
	EXPECT_EQ(t.Read(2), "ab");
	EXPECT_EQ(t.Read(), "cd\n");
}

TEST(Ldisc, EraseRemovesTheLastCharacterAndRubsItOut) {
	Term t;
	t.Type("abX\x7f\n");
	EXPECT_EQ(t.Read(), "ab\n");
	EXPECT_EQ(t.echoed, "abX\b \b\r\n");
}

TEST(Ldisc, EraseAtTheStartOfALineDoesNothing) {
	Term t;
	t.Type("\x7f\x7fok\n");
	EXPECT_EQ(t.Read(), "ok\n");
	EXPECT_EQ(t.echoed, "ok\r\n");
}

TEST(Ldisc, ErasingAControlCharacterRubsOutBothCells) {
	Term t;
	t.Type("a\x01\x7f\n");
	EXPECT_EQ(t.Read(), "a\n");
	EXPECT_EQ(t.echoed, "a^A\b \b\b \b\r\n");
}

TEST(Ldisc, ErasingATabGoesBackToWhereTheTabStarted) {
	Term t;
	t.Type("ab\t\x7f");
	EXPECT_EQ(t.echoed, "ab\t\b\b\b\b\b\b");
	t.Type("c\n");
	EXPECT_EQ(t.Read(), "abc\n");
}

TEST(Ldisc, EraseWithoutEchoeEchoesTheEraseCharacter) {
	Term t;
	t.ClearL(ECHOE);
	t.Type("ab\x7f\n");
	EXPECT_EQ(t.Read(), "a\n");
	EXPECT_EQ(t.echoed, "ab^?\r\n");
}

TEST(Ldisc, KillErasesTheWholeLine) {
	Term t;
	t.Type("abc\x15xy\n");
	EXPECT_EQ(t.Read(), "xy\n");
	EXPECT_EQ(t.echoed, "abc\b \b\b \b\b \bxy\r\n");
}

TEST(Ldisc, KillWithoutEchokeEchoesTheKillCharacterAndANewline) {
	Term t;
	t.ClearL(ECHOKE);
	t.Type("abc\x15xy\n");
	EXPECT_EQ(t.Read(), "xy\n");
	EXPECT_EQ(t.echoed, "abc^U\r\nxy\r\n");
}

TEST(Ldisc, WordEraseRemovesTrailingBlanksAndOneWord) {
	Term t;
	t.Type("foo bar  \x17");
	t.Type("\n");
	EXPECT_EQ(t.Read(), "foo \n");
}

TEST(Ldisc, WordEraseNeedsIexten) {
	Term t;
	t.ClearL(IEXTEN);
	t.Type("foo\x17\n");
	EXPECT_EQ(t.Read(), "foo\x17\n");
}

TEST(Ldisc, EofAtTheStartOfALineReadsAsEndOfFile) {
	Term t;
	t.Type("\x04");
	EXPECT_GT(ldisc_available(&t.l), 0u);
	bool eof = false;
	EXPECT_EQ(t.Read(4096, &eof), "");
	EXPECT_TRUE(eof);
	EXPECT_EQ(t.echoed, "");
}

TEST(Ldisc, EofAfterTextEndsTheReadWithoutANewline) {
	Term t;
	t.Type("abc\x04");
	bool eof = true;
	EXPECT_EQ(t.Read(4096, &eof), "abc");
	EXPECT_FALSE(eof);
	EXPECT_EQ(ldisc_available(&t.l), 0u);
}

TEST(Ldisc, InterruptFlushesInputEchoesAndSignals) {
	Term t;
	t.Type("partial\x03");
	EXPECT_EQ(t.signals, std::vector<int>{SIGINT});
	EXPECT_EQ(t.echoed, "partial^C");
	t.Type("x\n");
	EXPECT_EQ(t.Read(), "x\n");
}

TEST(Ldisc, QuitAndSuspendSignal) {
	Term t;
	t.Type("\x1c\x1a");
	EXPECT_EQ(t.signals, (std::vector<int>{SIGQUIT, SIGTSTP}));
}

TEST(Ldisc, NoflshKeepsInputAcrossASignal) {
	Term t;
	struct termios tt = t.l.t;
	tt.c_lflag |= NOFLSH;
	ldisc_set_termios(&t.l, &tt);
	t.Type("ab\x03\n");
	EXPECT_EQ(t.Read(), "ab\n");
}

TEST(Ldisc, WithoutIsigSignalCharactersAreData) {
	Term t;
	t.ClearL(ISIG);
	t.Type("\x03\n");
	EXPECT_TRUE(t.signals.empty());
	EXPECT_EQ(t.Read(), "\x03\n");
}

TEST(Ldisc, LiteralNextQuotesASignalCharacter) {
	Term t;
	t.Type("\x16\x03\n");
	EXPECT_TRUE(t.signals.empty());
	EXPECT_EQ(t.Read(), "\x03\n");
	EXPECT_EQ(t.echoed, "^\b^C\r\n");
}

TEST(Ldisc, NoEchoStillQueuesInput) {
	Term t;
	t.ClearL(ECHO);
	t.Type("secret\n");
	EXPECT_EQ(t.Read(), "secret\n");
	EXPECT_EQ(t.echoed, "");
}

TEST(Ldisc, EchonlEchoesOnlyTheNewline) {
	Term t;
	struct termios tt = t.l.t;
	tt.c_lflag = (tt.c_lflag & ~ECHO) | ECHONL;
	ldisc_set_termios(&t.l, &tt);
	t.Type("pw\n");
	EXPECT_EQ(t.echoed, "\r\n");
}

TEST(Ldisc, RawModeBytesAreReadableAtOnce) {
	Term t;
	t.ClearL(ICANON | ECHO);
	t.Type("ab");
	EXPECT_EQ(ldisc_available(&t.l), 2u);
	EXPECT_EQ(t.Read(1), "a");
	EXPECT_EQ(t.Read(), "b");
	t.Type("\x7f");
	EXPECT_EQ(t.Read(), "\x7f");
	EXPECT_EQ(t.echoed, "");
}

TEST(Ldisc, LeavingCanonicalModeMakesTheEditedLineReadable) {
	Term t;
	t.Type("half");
	t.ClearL(ICANON);
	EXPECT_EQ(t.Read(), "half");
}

TEST(Ldisc, RawInputIsPushedAsALineWhenCanonicalModeReturns) {
	Term t;
	t.ClearL(ICANON | ECHO);
	t.Type("typed ahead");
	struct termios tt = t.l.t;
	tt.c_lflag |= ICANON | ECHO;
	ldisc_set_termios(&t.l, &tt);
	EXPECT_GT(ldisc_available(&t.l), 0u);
	EXPECT_EQ(t.Read(), "typed ahead");
	t.Type("next\n");
	EXPECT_EQ(t.Read(), "next\n");
}

TEST(Ldisc, CarriageReturnMappingFollowsTheInputFlags) {
	Term t;
	t.ClearI(ICRNL);
	t.Type("a\r");
	EXPECT_EQ(ldisc_available(&t.l), 0u);  // \r is not a line end
	t.Type("\n");
	EXPECT_EQ(t.Read(), "a\r\n");
	t.SetI(IGNCR);
	t.Type("b\r\n");
	EXPECT_EQ(t.Read(), "b\n");
	t.ClearI(IGNCR);
	t.SetI(INLCR);
	t.Type("c\n\r");
	EXPECT_EQ(ldisc_available(&t.l), 0u);  // \n became \r, \r stays \r
}

TEST(Ldisc, IstripClearsTheHighBit) {
	Term t;
	t.SetI(ISTRIP);
	t.Type("\xe1\n");
	EXPECT_EQ(t.Read(), "a\n");
}

TEST(Ldisc, StopAndStartCharactersAreFlowControl) {
	Term t;
	t.Type("\x13");
	EXPECT_TRUE(t.l.stopped);
	t.Type("x");
	EXPECT_TRUE(t.l.stopped);
	t.Type("\x11");
	EXPECT_FALSE(t.l.stopped);
	t.Type("\n");
	EXPECT_EQ(t.Read(), "x\n");
	t.SetI(IXANY);
	t.Type("\x13y");
	EXPECT_FALSE(t.l.stopped);
}

TEST(Ldisc, AFullQueueDropsBytesButStillTakesTheNewline) {
	Term t;
	t.ClearL(ECHO);
	t.Type(std::string(LDISC_BUF + 100, 'z'));
	t.Type("\n");
	std::string got = t.Read();
	ASSERT_EQ(got.size(), static_cast<size_t>(LDISC_BUF));
	EXPECT_EQ(got.back(), '\n');
	EXPECT_EQ(got.find_first_not_of('z'), got.size() - 1);
}

TEST(Ldisc, FionreadCountsReadableBytesButNotEofMarks) {
	Term t;
	t.Type("ab\n\x04");
	EXPECT_EQ(ldisc_readable_bytes(&t.l), 3u);
	t.Type("cd");
	EXPECT_EQ(ldisc_readable_bytes(&t.l), 3u);
}

TEST(Ldisc, OutputTranslatesNewlinesUnderOpost) {
	Term t;
	ldisc_output(&t.l, "a\nb", 3);
	EXPECT_EQ(t.echoed, "a\r\nb");
	t.echoed.clear();
	struct termios tt = t.l.t;
	tt.c_oflag &= ~OPOST;
	ldisc_set_termios(&t.l, &tt);
	ldisc_output(&t.l, "a\nb", 3);
	EXPECT_EQ(t.echoed, "a\nb");
}

TEST(Ldisc, OcrnlAndOnocr) {
	Term t;
	struct termios tt = t.l.t;
	tt.c_oflag = OPOST | OCRNL;
	ldisc_set_termios(&t.l, &tt);
	ldisc_output(&t.l, "x\r", 2);
	EXPECT_EQ(t.echoed, "x\n");

	Term u;  // column 0: a carriage return there is dropped
	tt.c_oflag = OPOST | ONOCR;
	ldisc_set_termios(&u.l, &tt);
	ldisc_output(&u.l, "\ry\r", 3);
	EXPECT_EQ(u.echoed, "y\r");
}

TEST(Ldisc, ReprintShowsTheEditedLineAgain) {
	Term t;
	t.Type("abc\x12");
	EXPECT_EQ(t.echoed, "abc^R\r\nabc");
}

TEST(Ldisc, FlushDropsEverything) {
	Term t;
	t.Type("done\nhalf");
	ldisc_flush_input(&t.l);
	EXPECT_EQ(ldisc_available(&t.l), 0u);
	t.Type("new\n");
	EXPECT_EQ(t.Read(), "new\n");
}

}  // namespace
