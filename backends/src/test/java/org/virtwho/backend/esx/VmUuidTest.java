package org.virtwho.backend.esx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The guest's own view of its UUID: from vmx-13 on, the first three groups are byte-swapped back. */
class VmUuidTest {
    private static final String AS_VSPHERE_SHOWS_IT = "78563412-AB90-EFCD-1234-567890ABCDEF";
    private static final String AS_THE_GUEST_SEES_IT = "12345678-90AB-CDEF-1234-567890ABCDEF";

    @ParameterizedTest
    @ValueSource(strings = {"vmx-13", "vmx-14", "vmx-19", "vmx-21", " vmx-13 "})
    void theFirstThreeGroupsAreByteSwappedFromVmx13On(String hardwareVersion) {
        assertThat(VmUuid.of(AS_VSPHERE_SHOWS_IT, hardwareVersion)).isEqualTo(AS_THE_GUEST_SEES_IT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vmx-12", "vmx-4", "vmx-07", "vmx-0000000000012", "vmx-", "vmx-abc", "13", "vmx13", "", "unknown"})
    void olderOrUnreadableHardwareVersionsLeaveTheUuidAsItIs(String hardwareVersion) {
        assertThat(VmUuid.of(AS_VSPHERE_SHOWS_IT, hardwareVersion)).isEqualTo(AS_VSPHERE_SHOWS_IT);
    }

    @ParameterizedTest
    @NullSource
    void noHardwareVersionLeavesTheUuidAsItIs(String hardwareVersion) {
        assertThat(VmUuid.of(AS_VSPHERE_SHOWS_IT, hardwareVersion)).isEqualTo(AS_VSPHERE_SHOWS_IT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "", "7856341-AB90-EFCD-1234-567890ABCDEF", "78563412AB90EFCD1234567890ABCDEF",
        "zz563412-AB90-EFCD-1234-567890ABCDEF"})
    void textThatIsNotAUuidIsLeftAsItIsEvenForVmx13(String configUuid) {
        assertThat(VmUuid.of(configUuid, "vmx-13")).isEqualTo(configUuid);
    }

    @ParameterizedTest
    @CsvSource({
        "78563412-ab90-efcd-1234-567890abcdef, 12345678-90ab-cdef-1234-567890abcdef",
        "78563412-Ab90-eFcD-1234-567890aBcDeF, 12345678-90Ab-cDeF-1234-567890aBcDeF",
        "4237a3d9-08e5-11b0-6c9d-fa2b3e4f5a6b, d9a33742-e508-b011-6c9d-fa2b3e4f5a6b"})
    void theCaseOfEachDigitIsKept(String configUuid, String guestUuid) {
        assertThat(VmUuid.of(configUuid, "vmx-15")).isEqualTo(guestUuid);
    }

    @Test
    void theLastTwoGroupsAreNeverTouched() {
        assertThat(VmUuid.of("00000000-0000-0000-ABCD-0123456789EF", "vmx-13")).endsWith("-ABCD-0123456789EF");
    }

    @Test
    void aHardwareVersionTooLargeForAnIntCountsAsVmx13OrLater() {
        // Upstream reads the number with Python's int(), which has no upper bound.
        assertThat(VmUuid.of(AS_VSPHERE_SHOWS_IT, "vmx-99999999999")).isEqualTo(AS_THE_GUEST_SEES_IT);
    }
}
