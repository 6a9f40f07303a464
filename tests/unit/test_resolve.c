/* test_resolve.c — the resolution rules (resolve.h) on short documents with given tagger
 * spans: country names and abbreviations, disambiguation, and which claim wins. */
#include "check.h"

#include "buf.h"
#include "normalize.h"
#include "resolve.h"
#include "util.h"

/* Resolves text with the spans given as "TYPE:start:end" strings and renders the result as
 * "type text code|country;" items. */
static void check_resolve(struct resolver *r, const char *text, const char *const *spec,
                          const char *want)
{
    int32_t cps[256];
    size_t at[257];
    size_t n = normalize_text(text, strlen(text), cps, at);
    struct ner_span spans[8];
    size_t count = 0;
    for (; spec && spec[count]; count++) {
        char type[8];
        unsigned start, end;
        CHECK(sscanf(spec[count], "%7[A-Z]:%u:%u", type, &start, &end) == 3);
        spans[count].type = strcmp(type, "PER") == 0    ? NER_PER
                            : strcmp(type, "ORG") == 0  ? NER_ORG
                            : strcmp(type, "TIME") == 0 ? NER_TIME
                                                        : NER_LOC;
        spans[count].start = start;
        spans[count].end = end;
    }
    const struct resolved *out;
    struct date_ref no_ref = {0};
    size_t found = resolve_document(r, cps, n, spans, count, &no_ref, &out);
    struct buf b;
    buf_init(&b, 0);
    for (size_t i = 0; i < found; i++) {
        buf_printf(&b, "%s ", entity_type_name(out[i].type));
        buf_put(&b, text + at[out[i].start], at[out[i].end] - at[out[i].start]);
        if (out[i].country)
            buf_printf(&b, " %s", out[i].country->code);
        if (out[i].role_end > out[i].role_start) {
            buf_puts(&b, " role=");
            buf_put(&b, text + at[out[i].role_start], at[out[i].role_end] - at[out[i].role_start]);
        }
        buf_putc(&b, ';');
    }
    CHECK_STR(b.data, want);
    buf_free(&b);
}

void test_resolve(void)
{
    struct resolver *r = resolver_new(NULL);
    /* X方 and fused abbreviations, with no help from the tagger */
    check_resolve(r, "中方愿同伊方深入落实", NULL, "country 中方 CN;country 伊方 IR;");
    check_resolve(r, "发展伊中全面战略伙伴关系", NULL, "country 伊 IR;country 中 CN;");
    check_resolve(r, "中阿巴三方外长对话", NULL, "country 中 CN;country 阿 AF;country 巴 PK;");
    check_resolve(r, "美西方国家", NULL, "country 美 US;"); /* the US and the West */
    /* white space at a span's edges is not part of the name; a span of it alone is none */
    const char *spaced[] = {"PER:4:7", "ORG:7:12", NULL};
    check_resolve(r, "会面会见 王毅　 世卫 ", spaced, "person 王毅;org 世卫;");
    const char *blank_only[] = {"PER:2:3", NULL};
    check_resolve(r, "会面　吁", blank_only, "");
    const char *quoted[] = {"LOC:2:6", "ORG:13:19", NULL}; /* nor at punctuation */
    check_resolve(r, "奉行\" 亚洲优先 \"，参见《人民日报》", quoted, "place 亚洲;org 人民日报;");
    const char *west_cut[] = {"LOC:2:4", NULL}; /* a tagger's place 美西 cuts 西方 */
    check_resolve(r, "敦促美西方解除制裁", west_cut, "country 美 US;");
    check_resolve(r, "中伊两国，中伊务实合作", NULL, /* 务实: only with the names in full */
                  "country 中 CN;country 伊 IR;");
    check_resolve(r, "中国与伊朗坚定推进中伊务实合作", NULL,
                  "country 中国 CN;country 伊朗 IR;country 中 CN;country 伊 IR;");
    check_resolve(r, "中国和伊朗：近日中伊关系", NULL,
                  "country 中国 CN;country 伊朗 IR;date 近日;country 中 CN;country 伊 IR;");
    check_resolve(r, "伊朗重返伊核协议谈判", NULL, "country 伊朗 IR;country 伊 IR;");
    check_resolve(r, "西方国家和南方地区", NULL, "");
    check_resolve(r, "美泰方面的代表", NULL, "");
    check_resolve(r, "以方表示", NULL, "");
    check_resolve(r, "以色列外长说以方表示", NULL, "country 以色列 IL;country 以方 IL;");
    /* ambiguous abbreviations follow the countries the document names */
    check_resolve(r, "阿方表示", NULL, "country 阿方 AF;");
    check_resolve(r, "阿根廷总统说阿方表示", NULL, "country 阿根廷 AR;country 阿方 AR;");
    check_resolve(r, "伊拉克政府和伊方", NULL, "org 伊拉克政府 IQ;country 伊方 IQ;");
    /* full names: anywhere, traditional too, but not in titles or demonyms */
    check_resolve(r, "美國和伊朗", NULL, "country 美國 US;country 伊朗 IR;");
    check_resolve(r, "电影《美国往事》上映", NULL, "");
    check_resolve(r, "中国人喜欢", NULL, "");
    check_resolve(r, "中国人民", NULL, "country 中国 CN;");
    /* the tagger's spans against the countries */
    const char *per_grown[] = {"PER:0:3", NULL};
    check_resolve(r, "伊方愿同", per_grown, "country 伊方 IR;");
    const char *per_country[] = {"PER:0:3", NULL};
    check_resolve(r, "阿富汗局势", per_country, "country 阿富汗 AF;");
    const char *per_dotted[] = {"PER:0:6", NULL};
    check_resolve(r, "马里恩·图尔被捕", per_dotted, "person 马里恩·图尔;");
    const char *org[] = {"ORG:0:5", NULL};
    check_resolve(r, "伊朗外交部发言人", org, "org 伊朗外交部 IR;");
    const char *fused_person[] = {"PER:0:2", NULL};
    check_resolve(r, "中伊都是大国", fused_person, "person 中伊;");
    const char *fused_named[] = {"PER:11:13", NULL};
    check_resolve(r, "中国与伊朗建交多年后，中伊都是", fused_named,
                  "country 中国 CN;country 伊朗 IR;country 中 CN;country 伊 IR;");
    const char *paris[] = {"LOC:2:4", NULL};
    check_resolve(r, "参观巴黎的铁塔", paris, "place 巴黎 FR;"); /* a CLDR city: its country */
    const char *time_and_place[] = {"TIME:0:2", "LOC:3:5", NULL};
    check_resolve(r, "昨天在多哈会见", time_and_place, "date 昨天;place 多哈 QA;");
    check_resolve(r, "", NULL, "");
    /* an abbreviation glued to a word and tagged as a name is the country (the document names
     * it in full); names that merely start or end with an abbreviation stay names */
    const char *glued_he[] = {"PER:6:9", NULL};
    check_resolve(r, "阿富汗局势，阿和平进程", glued_he, "country 阿富汗 AF;country 阿 AF;");
    const char *glued_aid[] = {"PER:8:11", NULL};
    check_resolve(r, "伊朗外长感谢中方向伊援助疫苗", glued_aid,
                  "country 伊朗 IR;country 中方 CN;country 伊 IR;");
    const char *glued_cut[] = {"PER:8:10", NULL}; /* 阿提 of 阿提供 */
    check_resolve(r, "阿富汗危机，全力向阿提供援助", glued_cut, "country 阿富汗 AF;country 阿 AF;");
    const char *glued_lead[] = {"PER:8:10", NULL};
    check_resolve(r, "阿富汗危机，援助向阿", glued_lead, "country 阿富汗 AF;country 阿 AF;");
    const char *glued_pair[] = {"PER:9:12", NULL};
    check_resolve(r, "美国和伊朗：官员穿梭于美伊之间", glued_pair,
                  "country 美国 US;country 伊朗 IR;country 美 US;country 伊 IR;");
    /* lone abbreviations between a verb or preposition and a word */
    check_resolve(r, "伊朗需要疫苗，并为伊采购疫苗提供便利", NULL,
                  "country 伊朗 IR;country 伊 IR;");
    check_resolve(r, "美国撤军，根本原因在于美不负责任", NULL, "country 美国 US;country 美 US;");
    check_resolve(r, "伊朗说。阿表示反对", NULL, "country 伊朗 IR;");   /* no verb before 阿 */
    check_resolve(r, "法国的竞争法方面", NULL, "country 法国 FR;");     /* 法 is not "lone" */
    check_resolve(r, "中国和其他发展中国家", NULL, "country 中国 CN;"); /* an ordinary word */
    const char *muslim[] = {"ORG:4:7", NULL};
    check_resolve(r, "对内奉行温和穆斯林政策", muslim, "");
    const char *atmar[] = {"PER:9:13", NULL};
    check_resolve(r, "阿富汗的外长，外长阿特马尔参加", atmar,
                  "country 阿富汗 AF;person 阿特马尔 role=外长;");
    const char *unnamed[] = {"PER:0:3", NULL}; /* 阿富汗 never named: nothing to glue to */
    check_resolve(r, "阿和平进程", unnamed, "person 阿和平;");
    const char *babis[] = {"PER:11:14", NULL};
    check_resolve(r, "巴基斯坦总理会见了总理巴比什", babis,
                  "country 巴基斯坦 PK;person 巴比什 role=总理;");
    /* 华 is China right after a verb or preposition bound to it, and nowhere else */
    check_resolve(r, "会见访华的代表", NULL, "country 华 CN;");
    check_resolve(r, "美国对华政策", NULL, "country 美国 US;country 华 CN;");
    check_resolve(r, "美国驻华大使", NULL, "country 美国 US;country 华 CN;"); /* not 华大使 */
    check_resolve(r, "日本侵华战争", NULL, "country 日本 JP;country 华 CN;");
    check_resolve(r, "外资在华投资", NULL, "country 华 CN;");
    check_resolve(r, "对华為的制裁", NULL, "");   /* 华为, traditional too */
    check_resolve(r, "他在华尔街工作", NULL, ""); /* a name begins with 华 */
    check_resolve(r, "对华盛顿的访问", NULL, "place 华盛顿 US;");
    check_resolve(r, "她在华北工作", NULL, "");
    check_resolve(r, "存在华人社区", NULL, "");                             /* 华人 is a word */
    check_resolve(r, "未来华夏文明", NULL, "date 未来;");                   /* 来 ends 未来 */
    check_resolve(r, "新华社北京电", NULL, "org 新华社 CN;place 北京 CN;"); /* no verb */
    const char *hua_place[] = {"LOC:3:4", NULL}; /* a tagger's place 华 */
    check_resolve(r, "他曾访华三次", hua_place, "country 华 CN;");

    /* titles before and after names, chains with 兼, modifiers, and the title's country */
    const char *wang[] = {"PER:7:9", NULL};
    check_resolve(r, "国务委员兼外长王毅表示", wang, "person 王毅 CN role=国务委员兼外长;");
    const char *abd[] = {"PER:6:12", NULL};
    check_resolve(r, "伊朗新任外长阿卜杜拉希扬通电话", abd,
                  "country 伊朗 IR;person 阿卜杜拉希扬 IR role=外长;");
    const char *baradar[] = {"ORG:0:10", "PER:15:19", NULL};
    check_resolve(r, "阿富汗塔利班临时政府代理副总理巴拉达尔", baradar,
                  "org 阿富汗塔利班临时政府 AF;person 巴拉达尔 AF role=代理副总理;");
    const char *raisi[] = {"PER:2:4", NULL};
    check_resolve(r, "转达莱希总统的问候", raisi, "person 莱希 role=总统;");
    const char *envoy[] = {"PER:6:8", NULL};
    check_resolve(r, "驻阿富汗大使王愚", envoy, "country 阿富汗 AF;person 王愚 role=大使;");
    const char *councillor[] = {"ORG:0:4", "PER:7:9", NULL};
    check_resolve(r, "国务委员兼外长王毅", councillor, "person 王毅 CN role=国务委员兼外长;");
    const char *cn_councillor[] = {"ORG:0:6", "PER:9:11", NULL};
    check_resolve(r, "中国国务委员兼外长王毅", cn_councillor,
                  "country 中国 CN;person 王毅 CN role=国务委员兼外长;");
    /* organisations the gazetteer knows, and longer names around them */
    const char *ata[] = {"PER:2:4", NULL};
    check_resolve(r, "接触阿塔", ata, "org 阿塔 AF;");
    check_resolve(r, "东伊运对中国构成威胁", NULL, "org 东伊运;country 中国 CN;");
    const char *mfa[] = {"ORG:0:5", NULL};
    check_resolve(r, "中国外交部发言人", mfa, "org 中国外交部 CN;");
    const char *taliban_gov[] = {"ORG:0:10", NULL};
    check_resolve(r, "阿富汗塔利班临时政府", taliban_gov, "org 阿富汗塔利班临时政府 AF;");
    /* places: CLDR cities and Chinese provinces (with suffix-less forms) carry their country;
     * a longer place name around one keeps its own name */
    check_resolve(r, "抵达江苏无锡", NULL, "place 江苏 CN;place 无锡 CN;");
    check_resolve(r, "世界大同与长治久安", NULL, ""); /* suffix-less forms that are words */
    check_resolve(r, "大同市和长治市", NULL, "place 大同市 CN;place 长治市 CN;");
    check_resolve(r, "飞往多哈和印太地区", NULL, "place 多哈 QA;place 印太地区;");
    const char *schallenberg[] = {"PER:5:9", NULL}; /* not 长沙 */
    check_resolve(r, "奥地利外长沙伦贝格接任", schallenberg,
                  "country 奥地利 AT;person 沙伦贝格 AT role=外长;");
    const char *airport[] = {"LOC:1:8", NULL};
    check_resolve(r, "在喀布尔国际机场举行", airport, "place 喀布尔国际机场 AF;");
    /* a body of a state after its country's name is an org of that country; a title wins */
    const char *mutaqi[] = {"PER:11:14", NULL};
    check_resolve(r, "阿富汗临时政府代理外长穆塔基", mutaqi,
                  "org 阿富汗临时政府 AF;person 穆塔基 AF role=代理外长;");
    check_resolve(r, "阿富汗临时政府难民事务部", NULL, "org 阿富汗临时政府难民事务部 AF;");
    check_resolve(r, "土耳其政府内部", NULL, "org 土耳其政府 TR;");
    const char *fm[] = {"PER:6:8", NULL};
    check_resolve(r, "伊朗外交部长扎里夫", fm, "country 伊朗 IR;person 扎里 IR role=外交部长;");
    /* a title only one country has gives the person that country */
    const char *councillor_cn[] = {"PER:7:9", NULL};
    check_resolve(r, "国务委员兼外长王毅表示", councillor_cn,
                  "person 王毅 CN role=国务委员兼外长;");
    /* place spans: 首都 is not part of the name, 中亚五国 is 中亚, two common words are none */
    const char *capital[] = {"LOC:0:9", NULL};
    check_resolve(r, "首都喀布尔国际机场", capital, "place 喀布尔国际机场 AF;");
    const char *five[] = {"LOC:3:7", NULL};
    check_resolve(r, "中国+中亚五国外长会", five, "country 中国 CN;place 中亚;");
    const char *words[] = {"LOC:2:6", NULL};
    check_resolve(r, "加强团结协作", words, "");
    const char *plain_person[] = {"PER:0:2", NULL};
    check_resolve(r, "王毅表示", plain_person, "person 王毅;");
    resolver_free(r);

    /* a user dictionary: its entries are found like the built-in names and win ties */
    char err[256] = "";
    struct user_dict *d = user_dict_load("tests/cli/data/dict/good.tsv", err, sizeof err);
    CHECK(d != NULL);
    if (d) {
        struct resolver *u = resolver_new(d);
        check_resolve(u, "阿卜杜拉希扬访问无锡", NULL, "person 阿卜杜拉希扬 IR;place 无锡 CN;");
        check_resolve(u, "东伊运", NULL, "org 东伊运;");
        int32_t cps[8];
        size_t n = normalize_text("东伊运", strlen("东伊运"), cps, NULL), len = 0;
        const struct name_entry *e = NULL;
        CHECK(gazetteer_name_at(d, cps, n, &len, &e) && len == 3 && e && e->canonical
              && strcmp(e->canonical, "东伊运（组织）") == 0);
        CHECK(gazetteer_name_at(NULL, cps, n, &len, &e) && e && e->canonical
              && strcmp(e->canonical, "东突厥斯坦伊斯兰运动") == 0);
        resolver_free(u);
        user_dict_free(d);
    }
    CHECK(user_dict_load("tests/cli/data/dict/bad-type.tsv", err, sizeof err) == NULL);
    CHECK(strstr(err, "bad-type.tsv:1:") != NULL);
    CHECK(user_dict_load("tests/cli/data/dict/no-code.tsv", err, sizeof err) == NULL);
    CHECK(strstr(err, "no-code.tsv:3:") != NULL);
}
