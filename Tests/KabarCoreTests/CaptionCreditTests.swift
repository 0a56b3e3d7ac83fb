import KabarCore
import Testing

struct CaptionCreditTests {
    func split(_ s: String?) -> [String?] {
        let r = CaptionCredit.split(s)
        return [r.caption, r.credit]
    }

    @Test func markedCredits() {
        #expect(split("Pemimpin Korut bertemu Putin, Kamis (25/4/2019). Foto/Istimewa") == ["Pemimpin Korut bertemu Putin, Kamis (25/4/2019).", "Istimewa"])
        #expect(split("Suasana sidang. Foto: Dok SINDOnews") == ["Suasana sidang.", "Dok SINDOnews"])
        #expect(split("Secretary of State, Pratikno. Image: TEMPO/Imam Sukamto") == ["Secretary of State, Pratikno.", "TEMPO/Imam Sukamto"])
        #expect(split("Banjir di Kemang. FOTO/ANTARA/Hafidz Mubarak A") == ["Banjir di Kemang.", "ANTARA/Hafidz Mubarak A"])
        #expect(split("Warga mengungsi (Foto: Reuters)") == ["Warga mengungsi", "Reuters"])
        #expect(split("Photo : AFP") == [nil, "AFP"])
    }

    @Test func agencyCredits() {
        #expect(split("Banjir di Kemang. ANTARA/Hafidz Mubarak A") == ["Banjir di Kemang.", "ANTARA/Hafidz Mubarak A"])
        #expect(split("Petugas memeriksa. ANTARA FOTO/Budi") == ["Petugas memeriksa.", "ANTARA FOTO/Budi"])
        #expect(split("Hujan deras. TEMPO/Fajar Contoh") == ["Hujan deras.", "TEMPO/Fajar Contoh"])
    }

    @Test func noCredit() {
        #expect(split("Rektor UNY buka invitasi olahraga. Doc. uny.ac.id KOMUNIKA ONLINE") == ["Rektor UNY buka invitasi olahraga. Doc. uny.ac.id KOMUNIKA ONLINE", nil])
        #expect(split("Fotografer memotret: pemandangan") == ["Fotografer memotret: pemandangan", nil])
        #expect(split("  ") == [nil, nil])
        #expect(split(nil) == [nil, nil])
    }
}
