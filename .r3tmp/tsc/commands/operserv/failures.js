export function blacklistFailureText(failure) {
    switch (failure.kind) {
        case "mask-empty":
            return "Give a mask such as *@mailinator.com or mailinator.com.";
        case "mask-space":
            return "A mask cannot contain spaces or control characters.";
        case "mask-too-long":
            return `A mask can be at most ${failure.max} characters long.`;
        case "mask-not-email":
            return `${failure.mask} is not an email mask: it needs an @ or a dot (e.g. *@mailinator.com, mailinator.com or spam*@*.example).`;
        case "mask-many-at":
            return "A mask has at most one @.";
        case "mask-chars":
            return "A mask may contain only the characters of an email address and the wildcards * and ?.";
        case "mask-too-broad":
            return `${failure.mask} would match nearly every address; name at least part of a domain or a mailbox.`;
        case "duration-invalid":
            return "The duration must be positive (e.g. 30d), or left out for a permanent entry.";
        case "reason-missing":
            return "Give a reason (staff see it; the user does not).";
        case "reason-too-long":
            return `A reason can be at most ${failure.max} characters long.`;
    }
}
//# sourceMappingURL=failures.js.map